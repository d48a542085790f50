"""Issue 16: every command and option explains itself in Chinese (option names stay English)."""

from __future__ import annotations

import re

import typer

from yushen.cli import app

CJK = re.compile(r"[\u4e00-\u9fff]")


def _commands(cmd, path: str = "yushen"):
    yield path, cmd
    if hasattr(cmd, "commands"):  # a group (typer ships its own copy of click, so no isinstance)
        for name, sub in cmd.commands.items():
            yield from _commands(sub, f"{path} {name}")


def test_every_command_and_option_has_chinese_help():
    root = typer.main.get_command(app)
    english = []
    for path, cmd in _commands(root):
        if path != "yushen" and not CJK.search(cmd.help or ""):
            english.append(f"{path}: {cmd.help!r}")
        for p in cmd.params:
            text = getattr(p, "help", None)
            if text and not CJK.search(text) and text != "JSON Lines":
                english.append(f"{path} {p.opts}: {text!r}")
    assert english == []
    assert sum(1 for _ in _commands(root)) > 20  # the walk reached the sub-commands
