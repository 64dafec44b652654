"""Only http and https addresses become links: the Jinja test `is web_url` (kb/site.py) for templates."""

from datasette import hookimpl

from kb.site import web_url


@hookimpl
def prepare_jinja2_environment(env):
    env.tests["web_url"] = web_url
