"""The review screens in the browser (``registre review --web``) and the public site's templates.

- ``server.py``: the HTTP server and its routes; ``guard.py``: who may read and write;
- ``views.py``: what each screen shows (library calls); ``html.py``: the screens as HTML;
- ``static/``: the screens' style and script; ``templates/``: ``registre serve``'s Datasette pages.
"""
