import { describe, expect, it } from 'vitest';
import { escapeLittleText } from '../../../server/modules/channels/adapters/linkedin/little-text.js';

describe('LinkedIn little text escaping', () => {
  it('escapes every reserved character, the backslash first', () => {
    expect(escapeLittleText('\\ | { } @ [ ] ( ) < > * _ ~')).toBe(
      '\\\\ \\| \\{ \\} \\@ \\[ \\] \\( \\) \\< \\> \\* \\_ \\~',
    );
  });

  it('keeps plain text and accents untouched', () => {
    expect(escapeLittleText("L'économie sociale, j'achète!")).toBe("L'économie sociale, j'achète!");
  });

  it('keeps intended hashtags and mentions', () => {
    const text = 'Bravo @[Coop du Coin](urn:li:organization:123) ! #ÉconomieSociale #ESS2026';
    expect(escapeLittleText(text)).toBe(text);
  });

  it('escapes a # that is not a hashtag and an @ that is not a mention', () => {
    expect(escapeLittleText('Prix #1 (ou pas) : info@coop.ca, C# _x_')).toBe(
      'Prix #1 \\(ou pas\\) : info\\@coop.ca, C\\# \\_x\\_',
    );
  });

  it('a commentary full of reserved characters comes out whole: nothing dropped', () => {
    const text = '(((***___~~~<<<>>>|||{{{}}}[[[]]]@@@\\\\\\';
    const escaped = escapeLittleText(text);
    expect(escaped.replace(/\\(.)/g, '$1')).toBe(text);
    expect(escaped.length).toBe(text.length * 2);
  });
});
