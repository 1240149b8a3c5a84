/**
 * sharp is owned by server/lib/sharp.ts, which media and rendering both call. The JPEG
 * splicing files (jpeg-*.ts) still import the render path's names from here.
 */
export * from '../../lib/sharp.js';
