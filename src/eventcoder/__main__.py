"""``python -m eventcoder``: the same command line as the ``eventcoder`` script."""

from eventcoder.cli import main

if __name__ == "__main__":
    main(prog_name="eventcoder")
