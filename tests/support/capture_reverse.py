#!/usr/bin/env python3
"""Turns a tmux capture with attributes (capture-pane -e -p) into plain
text in which every reverse-video cell is '#'. doorstep draws a QR code in a
non-UTF-8 terminal as reverse-video spaces (a light module is two of them),
which a plain capture cannot tell from the background.

  capture_reverse.py < CAPTURE > TEXT"""
import re
import sys

SGR = re.compile(r"\x1b\[([0-9;]*)m")


def cells(text, reverse):
    """text as drawn: its spaces are '#' in reverse video."""
    return text.replace(" ", "#") if reverse else text


def convert(line):
    out, reverse, at = [], False, 0
    for m in SGR.finditer(line):
        out.append(cells(line[at:m.start()], reverse))
        params = [int(p) if p else 0 for p in m.group(1).split(";")]
        for p in params:
            if p == 0:
                reverse = False
            elif p == 7:
                reverse = True
            elif p == 27:
                reverse = False
        at = m.end()
    rest = line[at:]
    out.append(cells(rest, reverse))
    return "".join(out)


for raw in sys.stdin:
    sys.stdout.write(convert(raw.rstrip("\n")) + "\n")
