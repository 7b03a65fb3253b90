import { isPySpace } from './text';

/**
 * Zero code points of every Unicode 14 decimal-digit block (Nd), as CPython 3.11's
 * `unicodedata` knows them; digit d of a block is `zero + d`. A fixed table rather than JavaScript's
 * `\p{Nd}`, whose newer Unicode would accept digits Python 3.11 rejects.
 */
const DIGIT_ZEROS = [
  0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946,
  0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066, 0x110f0,
  0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce,
  0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

const ASCII_SPACE_EDGES = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = /^([+-]?)(?:inf|infinity|(nan))$/i;
const BAD_UNDERSCORE = /(?:^|[^0-9])_|_(?:$|[^0-9])/;

/** CPython `_PyUnicode_TransformDecimalAndSpaceToASCII`: Unicode spaces to ' ', Unicode digits to ASCII. */
function toAscii(s: string): string | null {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 127) out += ch;
    else if (isPySpace(ch)) out += ' ';
    else {
      const zero = DIGIT_ZEROS.find((z) => cp >= z && cp <= z + 9);
      if (zero === undefined) return null;
      out += String(cp - zero);
    }
  }
  return out;
}

/**
 * Python 3.11 `float(s)` for a `str`; `null` where Python raises ValueError
 * (docs/released-code.md §2.2). Accepts surrounding whitespace, a sign, decimals with an optional
 * exponent, `inf`/`infinity`/`nan` in any case, Unicode decimal digits, and underscores only
 * between two digits ('1_000'; not '1__0', '1_', '_1'). Rejects hex ('0x10') and trailing junk,
 * unlike `parseFloat`. Overflow gives ±Infinity ('1e400'), as in Python.
 */
export function pythonFloat(s: string): number | null {
  const ascii = toAscii(s);
  if (ascii === null || (ascii.includes('_') && BAD_UNDERSCORE.test(ascii))) return null;
  const body = ascii.replace(/_/g, '').replace(ASCII_SPACE_EDGES, '');
  if (DECIMAL.test(body)) return Number(body);
  const special = SPECIAL.exec(body);
  if (special === null) return null;
  if (special[2] !== undefined) return NaN;
  return special[1] === '-' ? -Infinity : Infinity;
}
