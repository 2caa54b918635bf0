"""``python -m wirecoder.batch INPUT... --out parquet:DIR``: the batch command on its own."""

import typer

from .cli import batch


def main() -> None:
    typer.run(batch)


if __name__ == "__main__":
    main()
