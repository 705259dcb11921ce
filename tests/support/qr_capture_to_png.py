#!/usr/bin/env python3
"""Turns a QR code drawn as terminal text (captured with tmux capture-pane -p)
back into a PNG picture, so that zbarimg can read it.

  qr_capture_to_png.py CAPTURE.txt OUT.png [--ascii] [--scale N]

Half blocks (the default): every character is one module wide and two
modules tall; the glyphs draw the LIGHT modules, as doorstep draws them:
"█" both light, "▀" top light, "▄" bottom light, " " both dark.
--ascii: every two characters are one module; "##" light, "  " dark.
The longest run of lines made only of those characters is the code; a white
border of 4 modules is added around it (zbar wants a quiet zone). Exits 1
when no code-like lines are found."""
import struct
import sys
import zlib

HALF = {"\u2588": (1, 1), "\u2580": (1, 0), "\u2584": (0, 1), " ": (0, 0)}


def code_lines(lines, alphabet, marks):
    """The longest run of lines made only of alphabet with at least one mark."""
    best, run = [], []
    for line in lines + [""]:
        body = line.rstrip("\n")
        if body and set(body) <= alphabet and set(body) & marks:
            run.append(body)
            continue
        if len(run) > len(best):
            best = run
        run = []
    return best


def modules_half(lines):
    """Rows of light (1) / dark (0) modules from half-block lines."""
    width = max(len(l) for l in lines)
    rows = []
    for line in lines:
        line = line.ljust(width)
        top = [HALF[c][0] for c in line]
        bottom = [HALF[c][1] for c in line]
        rows += [top, bottom]
    return rows


def modules_ascii(lines):
    """Rows of light (1) / dark (0) modules from ASCII lines."""
    width = max(len(l) for l in lines)
    return [[1 if line.ljust(width)[i] == "#" else 0 for i in range(0, width - 1, 2)] for line in lines]


def write_png(path, rows, scale, border=4):
    """Writes light/dark rows as an 8-bit grey PNG, scale pixels per module."""
    width = len(rows[0]) + 2 * border
    light_row = [1] * width
    grid = [light_row] * border + [[1] * border + r + [1] * border for r in rows] + [light_row] * border
    raw = bytearray()
    for r in grid:
        line = bytearray()
        for v in r:
            line += bytes([255 if v else 0]) * scale
        for _ in range(scale):
            raw += b"\x00" + line
    side_w, side_h = width * scale, len(grid) * scale

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side_w, side_h, 8, 0, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    ascii_mode = "--ascii" in argv
    scale = 6
    if "--scale" in argv:
        scale = int(argv[argv.index("--scale") + 1])
        args.remove(str(scale))
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(args[0], encoding="utf-8") as f:
        lines = f.read().split("\n")
    if ascii_mode:
        found = code_lines(lines, {"#", " "}, {"#"})
        rows = modules_ascii(found) if found else []
    else:
        found = code_lines(lines, set(HALF), {"\u2588", "\u2580", "\u2584"})
        rows = modules_half(found) if found else []
    if not rows:
        print("no code-like lines in the capture", file=sys.stderr)
        return 1
    write_png(args[1], rows, scale)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
