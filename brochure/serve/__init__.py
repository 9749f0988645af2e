"""`brochure serve`: a live preview of the workspace in the browser, like `mkdocs serve`.

`state.py` keeps what was built (and the last good build) and follows the files with the
watch machinery; `pages.py` writes the preview pages; `files.py` decides which files
may be served; `app.py` is the Starlette application. The CLI runs it under uvicorn.
"""

from brochure.serve.app import create_app
from brochure.serve.state import ServeState

__all__ = ["ServeState", "create_app"]
