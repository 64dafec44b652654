"""`python -m kb.site`: serve the site (kb/site/serve.py)."""

from kb.site.serve import main

raise SystemExit(main())
