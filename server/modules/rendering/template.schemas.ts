import { z } from 'zod';

/** Template ids double as folder names, so they are kept to a safe slug. */
export const templateIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,47}$/, 'lower-case letters, digits and dashes, 2 to 48 characters');

const label = z.object({ fr: z.string().min(1), en: z.string().min(1) }).strict();
const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1a7f5a');

/**
 * A colour is a hex value, the enterprise's brand colour or a shade of it, or
 * "the most readable of black and white on <colour>" (WCAG AA).
 */
export const brandTokenSchema = z.enum(['brand', 'brand-dark', 'brand-light', 'ink', 'paper']);
const plainColour = z.union([hex, brandTokenSchema]);
export const colourSchema = z.union([
  plainColour,
  z.object({ contrastOn: plainColour, prefer: plainColour.optional() }).strict(),
]);

/** [x, y, width, height] in pixels of the format's canvas; decorative shapes may bleed off it. */
const rect = z.tuple([z.number(), z.number(), z.number().positive(), z.number().positive()]);
/** One box per layout ("landscape", "square"...): formats of the same shape share a layout. */
const boxes = z.record(z.string(), rect);

const textFieldSchema = z
  .object({
    name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,31}$/, 'letters and digits, starting with a letter'),
    type: z.enum(['text', 'multiline']),
    label,
    help: label.optional(),
    required: z.boolean().default(false),
    minLength: z.number().int().min(0).default(0),
    maxLength: z.number().int().min(1).max(1000),
    demo: label,
  })
  .strict();
const imageFieldSchema = z
  .object({
    name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,31}$/, 'letters and digits, starting with a letter'),
    type: z.literal('image'),
    label,
    help: label.optional(),
    required: z.boolean().default(false),
  })
  .strict();
export const fieldSchema = z.discriminatedUnion('type', [textFieldSchema, imageFieldSchema]);

export const formatSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{0,23}$/, 'lower-case letters, digits and dashes'),
    label,
    width: z.number().int().min(200).max(4096),
    height: z.number().int().min(200).max(4096),
    layout: z.string().min(1),
    platform: z.enum(['facebook', 'linkedin', 'any']),
    output: z.enum(['jpeg', 'png']).default('jpeg'),
  })
  .strict();

const opacity = z.number().min(0).max(1).default(1);
/** Layouts a layer appears in (all when absent), e.g. a wave drawn vertically only in "landscape". */
const only = z.array(z.string().min(1)).min(1).optional();
/** Drawn only for an ad featuring one enterprise, or several (a logo strip instead of one logo). */
const enterprises = z.enum(['one', 'several']).optional();
const mask = z.union([
  z.object({ shape: z.literal('circle') }).strict(),
  z.object({ shape: z.literal('rounded'), radius: z.number().min(0) }).strict(),
]);

const backgroundLayer = z.object({ type: z.literal('background'), fill: colourSchema }).strict();
const rectLayer = z
  .object({
    type: z.literal('rect'),
    only,
    enterprises,
    box: boxes,
    fill: colourSchema,
    radius: z.number().min(0).default(0),
    opacity,
  })
  .strict();
const ellipseLayer = z
  .object({ type: z.literal('ellipse'), only, enterprises, box: boxes, fill: colourSchema, opacity })
  .strict();
const artworkLayer = z
  .object({
    type: z.literal('artwork'),
    only,
    enterprises,
    box: boxes,
    src: z.string().min(1),
    color: colourSchema.optional(),
    opacity,
    /** Stretch to the box instead of keeping the artwork's proportions. */
    stretch: z.boolean().default(false),
  })
  .strict();
const imageLayer = z
  .object({
    type: z.literal('image'),
    only,
    enterprises,
    box: boxes,
    /** An image field of the template, or "logo" for the featured enterprise's logo. */
    source: z.string().min(1),
    fit: z.enum(['cover', 'contain']),
    mask: mask.optional(),
    /** Drawn when the image is missing, so an optional photo leaves no hole. */
    placeholder: colourSchema.optional(),
    /** The logo slot's box when the ad features several enterprises: room for each logo. */
    several: boxes.optional(),
  })
  .strict();
const textLayer = z
  .object({
    type: z.literal('text'),
    only,
    enterprises,
    box: boxes,
    /** Literal text with {field} placeholders; {enterprise} is the featured enterprise's name. */
    text: z.string().min(1),
    font: z.enum(['sans', 'serif']).default('sans'),
    weight: z.union([z.literal(400), z.literal(600), z.literal(800)]).default(400),
    italic: z.boolean().default(false),
    size: z.object({ max: z.number().min(6).max(400), min: z.number().min(6).max(400) }).strict(),
    lineHeight: z.number().min(0.8).max(3).default(1.2),
    maxLines: z.number().int().min(1).max(20).optional(),
    align: z.enum(['start', 'middle', 'end']).default('start'),
    valign: z.enum(['top', 'middle', 'bottom']).default('top'),
    uppercase: z.boolean().default(false),
    color: colourSchema,
  })
  .strict();

export const layerSchema = z.discriminatedUnion('type', [
  backgroundLayer,
  rectLayer,
  ellipseLayer,
  artworkLayer,
  imageLayer,
  textLayer,
]);

export const manifestSchema = z
  .object({
    id: templateIdSchema,
    version: z.number().int().min(1),
    label,
    description: label,
    fields: z.array(fieldSchema).max(30),
    formats: z.array(formatSchema).min(1),
    layers: z.array(layerSchema).min(1).max(60),
  })
  .strict();

export type Manifest = z.infer<typeof manifestSchema>;
export type Layer = z.infer<typeof layerSchema>;
export type TextLayer = z.infer<typeof textLayer>;
export type ImageLayer = z.infer<typeof imageLayer>;
export type Field = z.infer<typeof fieldSchema>;
export type Format = z.infer<typeof formatSchema>;
export type Colour = z.infer<typeof colourSchema>;
export type BrandToken = z.infer<typeof brandTokenSchema>;
export type Box = z.infer<typeof rect>;
