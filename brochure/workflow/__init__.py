"""Daily work on top of the pipeline: `render` (one PDF in memory), `batch` (the
brochure.toml matrix), `watch`, `mail`, `preview` and `scaffold` (`brochure new`)."""
