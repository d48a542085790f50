from .core.regex_memo import install

install()  # before the CLI's imports compile theirs (core/regex_memo.py)

from .cli import main  # noqa: E402

main()
