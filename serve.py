"""Start the app with its data already loaded: `python serve.py [streamlit run options]`.

`streamlit run app.py` loads the data and writes the map's static files during the first
visit after a start (about a second on a 2-core machine). Here that happens before the
server listens, so no visitor waits for it; `make run`, the tests and `make bench` all
start the app this way.
"""

from __future__ import annotations

import sys


def main() -> int:
    import ui

    try:
        ui.warm()
    except Exception as e:  # noqa: BLE001 - start anyway: the first page shows the problem
        print(f"serve.py: data not preloaded ({type(e).__name__}: {e})", file=sys.stderr)
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", "app.py", *sys.argv[1:]]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
