#!/usr/bin/env python3
"""Runs a program on its own pseudo-terminal as a Latin-1 (ISO-8859-1)
terminal would: what the program writes is read as Latin-1 and passed on as
UTF-8, and typed UTF-8 is passed to the program as Latin-1. tmux reads every
pane as UTF-8, so this is how a test sees a non-UTF-8 terminal through it.

  latin1_pty.py RAW.log PROGRAM [ARG...]

RAW.log receives every byte the program wrote, unconverted, so a test can
prove what a real Latin-1 terminal would have been sent. The exit status is
the program's (128+N when it was killed by signal N)."""
import codecs
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios


def copy_size(src_fd, dst_fd):
    """Gives the inner terminal the outer one's size."""
    try:
        size = fcntl.ioctl(src_fd, termios.TIOCGWINSZ, b"\0" * 8)
        fcntl.ioctl(dst_fd, termios.TIOCSWINSZ, size)
    except OSError:
        pass


def read_some(fd):
    """What fd has to read; b"" at its end (or when it is hung up)."""
    try:
        return os.read(fd, 65536)
    except OSError:
        return b""


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: latin1_pty.py RAW.log PROGRAM [ARG...]\n")
        return 2
    raw = open(sys.argv[1], "ab", buffering=0)
    pid, master = pty.fork()
    if pid == 0:
        os.execvp(sys.argv[2], sys.argv[2:])
    stdin = sys.stdin.fileno()
    stdout = sys.stdout.fileno()
    copy_size(stdin, master)
    signal.signal(signal.SIGWINCH, lambda *_: copy_size(stdin, master))
    saved = None
    if os.isatty(stdin):
        saved = termios.tcgetattr(stdin)
        mode = termios.tcgetattr(stdin)
        mode[0] &= ~(termios.IXON | termios.ICRNL | termios.INLCR | termios.IGNCR)
        mode[1] &= ~termios.OPOST
        mode[3] &= ~(termios.ECHO | termios.ICANON | termios.ISIG | termios.IEXTEN)
        mode[6][termios.VMIN] = 1
        mode[6][termios.VTIME] = 0
        termios.tcsetattr(stdin, termios.TCSANOW, mode)
    # Keeps an unfinished multi-byte sequence for the next read.
    typed = codecs.getincrementaldecoder("utf-8")(errors="replace")
    try:
        while True:
            try:
                ready, _, _ = select.select([master, stdin], [], [])
            except InterruptedError:
                continue
            if master in ready:
                data = read_some(master)
                if not data:
                    break
                raw.write(data)
                os.write(stdout, data.decode("latin-1").encode("utf-8"))
            if stdin in ready:
                data = read_some(stdin)
                if not data:
                    os.close(master)  # hangs up the program
                    master = -1
                    break
                text = typed.decode(data)
                os.write(master, text.encode("latin-1", errors="replace"))
    finally:
        if saved is not None:
            termios.tcsetattr(stdin, termios.TCSANOW, saved)
        if master >= 0:
            os.close(master)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main())
