#!/usr/bin/env python3
"""Turns a QR code drawn in half blocks, captured WITH its colours (tmux
capture-pane -e -p), into a PNG picture as a terminal with a dark or a light
theme would show it, so that zbarimg can say whether a phone could read it.

  qr_capture_colors_to_png.py CAPTURE.txt OUT.png dark|light

A cell's top and bottom halves take its foreground colour where the glyph
covers them and its background colour elsewhere. Colours the drawing leaves
to the terminal (default foreground/background) take the theme's: light on
dark for "dark", dark on light for "light". A code drawn in the theme's
colours therefore comes out inverted on one of the two themes, which zbar
does not read; a code drawn in colours of its own reads on both. Exits 1
when no code-like lines are found."""
import re
import sys

from qr_capture_to_png import HALF, code_lines, write_png

SGR = re.compile(r"\x1b\[([0-9;]*)m")
LIGHT_INDEXES = {7, 15}


def light(colour, bold, is_fg, theme):
    """True when the colour (None: the terminal's default, or an index) shows light."""
    if colour is None:
        return (theme == "dark") == is_fg
    if isinstance(colour, tuple):  # 24-bit
        return sum(colour) > 3 * 128
    if colour == 7 and is_fg and bold:
        return True
    if colour < 16:
        return colour in LIGHT_INDEXES
    if colour >= 232:  # the grey ramp
        return colour >= 244
    r, g, b = (colour - 16) // 36, (colour - 16) // 6 % 6, (colour - 16) % 6
    return r + g + b > 7


def apply_sgr(params, state):
    """Updates state [fg, bg, bold] with one SGR sequence's parameters."""
    codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
    i = 0
    while i < len(codes):
        c = codes[i]
        if c == 0:
            state[:] = [None, None, False]
        elif c == 1:
            state[2] = True
        elif c == 22:
            state[2] = False
        elif 30 <= c <= 37:
            state[0] = c - 30
        elif 90 <= c <= 97:
            state[0] = c - 90 + 8
        elif c == 39:
            state[0] = None
        elif 40 <= c <= 47:
            state[1] = c - 40
        elif 100 <= c <= 107:
            state[1] = c - 100 + 8
        elif c == 49:
            state[1] = None
        elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
            state[0 if c == 38 else 1] = codes[i + 2]
            i += 2
        elif c in (38, 48) and i + 4 < len(codes) and codes[i + 1] == 2:
            state[0 if c == 38 else 1] = tuple(codes[i + 2:i + 5])
            i += 4
        i += 1


def cells(text):
    """Lines of (character, fg, bg, bold); the SGR state carries across lines."""
    state = [None, None, False]
    out = []
    for raw in text.split("\n"):
        line, pos = [], 0
        for m in SGR.finditer(raw):
            line += [(ch, *state) for ch in raw[pos:m.start()]]
            apply_sgr(m.group(1), state)
            pos = m.end()
        line += [(ch, *state) for ch in raw[pos:]]
        out.append(line)
    return out


def main(argv):
    if len(argv) != 4 or argv[3] not in ("dark", "light"):
        print(__doc__, file=sys.stderr)
        return 2
    theme = argv[3]
    with open(argv[1], encoding="utf-8") as f:
        grid = cells(f.read())
    texts = ["".join(c[0] for c in line) for line in grid]
    found = code_lines(texts, set(HALF), {"\u2588", "\u2580", "\u2584"})
    if not found:
        print("no code-like lines in the capture", file=sys.stderr)
        return 1
    first = texts.index(found[0])
    width = max(len(t) for t in found)
    rows = []
    for line in grid[first:first + len(found)]:
        top, bottom = [], []
        for ch, fg, bg, bold in line[:width]:
            cover = HALF[ch]
            fg_light, bg_light = light(fg, bold, True, theme), light(bg, bold, False, theme)
            top.append(int(fg_light if cover[0] else bg_light))
            bottom.append(int(fg_light if cover[1] else bg_light))
        rows += [top, bottom]
    write_png(argv[2], rows, 6)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
