"""`python -m joinedup.manage`: the same as the `joinedup` console script."""

from joinedup.cli import main

if __name__ == "__main__":
    main()
