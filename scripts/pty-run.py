#!/usr/bin/env python3
"""pty-run: run a command in a pseudo-terminal of its own and relay it through stdin and stdout.

  python3 scripts/pty-run.py [--cols 80] [--rows 24] [--marker TEXT] -- COMMAND [ARG ...]

What arrives on stdin is typed into the terminal (keys); what the command writes to the terminal
comes out on stdout, byte for byte. The terminal is read only once stdout has taken the previous
chunk, so a reader that stops reading stops the command's writes, as a full SSH channel does.

The command gets TERM=xterm-256color, a UTF-8 LANG (C.UTF-8 unless one is set) and COLUMNS/LINES.

If file descriptor 3 is open, events go there as JSON lines, times in ms since the fork:
  {"event":"start","pid":PID}          the command's process id (for /proc/PID)
  {"event":"marker","ms":T}            the first time TEXT appeared in the output (--marker)
  {"event":"exit","ms":T,"code":C}     the command ended (C: its exit code, or -SIGNAL)

SIGTERM, SIGINT and SIGHUP are passed on to the command. pty-run exits with the command's code
(128 + N if signal N ended it). Python 3's standard library only.
"""
import argparse
import errno
import fcntl
import json
import os
import pty
import select
import signal
import struct
import sys
import termios
import time

CHUNK = 4096


def main():
    ap = argparse.ArgumentParser(description='Run COMMAND in a pseudo-terminal and relay it.')
    ap.add_argument('--cols', type=int, default=80)
    ap.add_argument('--rows', type=int, default=24)
    ap.add_argument('--marker', default=None, help='report the first time this text is written')
    ap.add_argument('command', nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.command[1:] if a.command[:1] == ['--'] else a.command
    if not cmd:
        ap.error('no command')

    try:
        events = os.fdopen(3, 'w', buffering=1)
    except OSError:
        events = None

    def event(**fields):
        if events is not None:
            events.write(json.dumps(fields) + '\n')

    env = dict(os.environ, TERM='xterm-256color', COLUMNS=str(a.cols), LINES=str(a.rows))
    if 'UTF-8' not in env.get('LANG', '').upper().replace('UTF8', 'UTF-8'):
        env['LANG'] = 'C.UTF-8'
    env.pop('LC_ALL', None)
    winsize = struct.pack('HHHH', a.rows, a.cols, 0, 0)

    # The command's end wakes select through this pipe
    wake_r, wake_w = os.pipe()
    for fd in (wake_r, wake_w):
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)

    # Little hidden buffering between this tool and its reader: a one-page pipe where possible
    try:
        fcntl.fcntl(1, fcntl.F_SETPIPE_SZ, CHUNK)
    except (OSError, AttributeError):
        pass

    t0 = time.monotonic()
    pid, master = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, winsize)
        try:
            os.execvpe(cmd[0], cmd, env)
        except OSError as error:
            os.write(2, f'pty-run: {cmd[0]}: {error.strerror}\n'.encode())
            os._exit(127)
    fcntl.ioctl(master, termios.TIOCSWINSZ, winsize)
    event(event='start', pid=pid)

    def ms():
        return round((time.monotonic() - t0) * 1000, 1)

    def pass_on(sig, _frame):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, pass_on)

    marker = a.marker.encode() if a.marker else None
    tail = b''
    pending = b''  # read from the terminal, not yet taken by stdout
    stdin_open = True
    master_open = True
    code = None
    ended_at = None
    while master_open:
        if code is not None and time.monotonic() - ended_at > 2:
            break  # the command has ended, but something else holds the terminal open
        readers = [wake_r] + ([0] if stdin_open else []) + ([master] if not pending else [])
        writers = [1] if pending else []
        try:
            readable, writable, _ = select.select(readers, writers, [], 0.5)
        except InterruptedError:
            continue
        if wake_r in readable:
            try:
                while os.read(wake_r, 512):
                    pass
            except BlockingIOError:
                pass
            if code is None:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    code = os.waitstatus_to_exitcode(status)
                    ended_at = time.monotonic()
                    event(event='exit', ms=ms(), code=code)
        if 0 in readable:
            keys = os.read(0, CHUNK)
            if keys:
                os.write(master, keys)
            else:
                stdin_open = False
        if 1 in writable:
            try:
                written = os.write(1, pending)
            except BrokenPipeError:
                break
            pending = pending[written:]
        if master in readable:
            try:
                chunk = os.read(master, CHUNK)
            except OSError as error:
                if error.errno != errno.EIO:
                    raise
                chunk = b''
            if not chunk:
                master_open = False  # every process has closed the terminal
            else:
                if marker is not None:
                    if marker in tail + chunk:
                        event(event='marker', ms=ms())
                        marker = None
                    else:
                        tail = (tail + chunk)[-len(marker) :]
                pending = chunk
    if pending:
        try:
            os.write(1, pending)
        except BrokenPipeError:
            pass
    os.close(master)
    if code is None:
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        event(event='exit', ms=ms(), code=code)
    sys.exit(code if code >= 0 else 128 - code)


if __name__ == '__main__':
    main()
