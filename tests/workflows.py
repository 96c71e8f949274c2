"""What the workflows run: their jobs' `run:` steps, and the Makefile recipes that the `make` calls among them run.

Read by tests/test_workflows.py, which checks that every command is installed before it is called, and by
tests/fixtures/bookworm/derive.py, which records what each package the workflows install puts on PATH.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
# Words that start or end a compound command, never a program.
RESERVED = {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "{", "}", "!", "[[", "]]"}
ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
SEPARATORS = ";&|()\n"
HEREDOC = re.compile(r"<<-?\s*(['\"]?)(\w+)\1")


@dataclass(frozen=True)
class Step:
    workflow: str
    job: str
    name: str
    container: str | None  # the job's container image; None on the runner itself
    run: str


def steps() -> Iterator[Step]:
    """Every `run:` step of every workflow, job by job, in order."""
    for path in sorted(WORKFLOWS.glob("*.yml")):
        flow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job_id, job in flow["jobs"].items():
            container = job.get("container")
            image = container.get("image") if isinstance(container, dict) else container
            for step in job.get("steps", []):
                if "run" in step:
                    yield Step(path.name, job_id, step.get("name", step["run"]), image, step["run"])


def simple_commands(script: str) -> list[list[str]]:
    """The words of each simple command in a shell script, those inside `$(…)` included.

    Enough of the shell for the scripts of this repository: separators, `$(…)`, redirections, variable
    assignments before a command, and `if`/`{ }` groups. Variables are not expanded.
    """
    script = _without_heredocs(script.replace("\\\n", " "))
    found: list[list[str]] = []
    outer = ""
    while (start := script.find("$(")) >= 0:
        end = _closing(script, start + 2)
        inner = script[start + 2:end]
        found += _substituted(inner) if inner.startswith("(") else simple_commands(inner)  # $(( )) or $( )
        outer += script[:start] + "SUBSTITUTED"
        script = script[end + 1:]
    lexer = shlex.shlex(outer + script, posix=True, punctuation_chars=SEPARATORS + "<>")
    lexer.whitespace, lexer.whitespace_split = " \t\r", True
    words: list[str] = []
    tokens = iter(lexer)
    for token in tokens:
        if set(token) <= set(SEPARATORS + "<>") and set(token) & set("<>"):
            next(tokens, None)  # a redirection and its target
        elif token == "(" and words and words[-1].endswith("=") and ASSIGNMENT.fullmatch(words[-1]):
            for token in tokens:  # an array's values, name=(a b c): words, not a command
                if token == ")":
                    break
        elif set(token) <= set(SEPARATORS):
            found.append(words)
            words = []
        else:
            words.append(token)
    found.append(words)
    return [command for words in found if (command := _command(words))]


def _substituted(text: str) -> list[list[str]]:
    """The commands of the `$(…)` inside an arithmetic expression, the only commands it can hold."""
    found = []
    while (start := text.find("$(")) >= 0:
        end = _closing(text, start + 2)
        found += simple_commands(text[start + 2:end])
        text = text[end + 1:]
    return found


def _without_heredocs(script: str) -> str:
    """The script without the bodies of its here-documents, which are text, not commands."""
    lines = script.split("\n")
    kept, ending = [], None
    for line in lines:
        if ending:
            ending = None if line.strip() == ending else ending
            continue
        kept.append(line)
        # `echo "a<<B"` is no here-document: only a marker whose word later stands alone on a line opens one
        if (marker := HEREDOC.search(line)) and marker.group(2) in (other.strip() for other in lines):
            ending = marker.group(2)
    return "\n".join(kept)


def _closing(text: str, index: int) -> int:
    """The index of the `)` that closes a `$(` opened just before `index`."""
    depth = 1
    for i in range(index, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
    raise ValueError(f"unclosed $( in {text!r}")


def _command(words: list[str]) -> list[str]:
    """A simple command's words from its program on: assignments and reserved words dropped."""
    while words and (words[0] in RESERVED or ASSIGNMENT.match(words[0])):
        words = words[1:]
    return words


def make_recipes(*targets: str) -> list[str]:
    """The recipe lines `make TARGET…` runs on a machine where nothing is installed yet, in order.

    `make -n -B` prints every recipe of the targets and their prerequisites, expanded, without running any.
    """
    result = subprocess.run(["make", "--no-print-directory", "-n", "-B", "-C", str(REPO), *targets],
                            capture_output=True, text=True, check=True)
    return result.stdout.splitlines()


def expanded(script: str) -> list[list[str]]:
    """A step's commands, each `make …` replaced by the commands of the recipes it runs."""
    commands = []
    for words in simple_commands(script):
        if words[0] == "make":
            commands += [c for line in make_recipes(*words[1:]) for c in simple_commands(line)]
        else:
            commands.append(words)
    return commands


def apt_packages(words: list[str]) -> list[str]:
    """The packages an `apt-get install` command installs, or none for any other command."""
    if words[0] not in ("apt-get", "apt") or "install" not in words:
        return []
    return [w for w in words[words.index("install") + 1:] if not w.startswith("-")]


def installed_packages() -> list[str]:
    """Every package any workflow step, or any recipe it runs, installs with apt-get, in order of appearance."""
    found: list[str] = []
    for step in steps():
        for words in expanded(step.run):
            found += [p for p in apt_packages(words) if p not in found]
    return found
