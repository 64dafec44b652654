"""Links and words in templates: the Jinja test `is web_url` (only http and https addresses become
links, kb/site/serve.py), the filters `words_date`, `words_value` and `words_number` (kb/site/words.py), and
`mentions`, which turns record ids in running text into labelled links (kb/site/mentions.py)."""

from datasette import hookimpl
from jinja2 import pass_context

from kb.site import mentions, words
from kb.site.metadata import DATABASE
from kb.site.serve import web_url


@pass_context
def link_mentions(context, text):
    catalog = context.get("kb_catalog") or {}
    urls = context["urls"]
    return mentions.link_mentions(text, catalog, lambda table, record_id: urls.row(DATABASE, table, record_id))


@hookimpl
def prepare_jinja2_environment(env):
    env.tests["web_url"] = web_url
    env.filters["words_date"] = words.date_in_words
    env.filters["words_value"] = words.value_in_words
    env.filters["words_number"] = words.number_in_words
    env.filters["words_language"] = words.language_in_words
    env.filters["kb_host"] = words.host_of
    env.filters["kb_fact"] = words.fact_in_words
    env.filters["kb_column_heading"] = words.column_heading
    env.filters["kb_facet_value"] = words.facet_value_in_words
    env.filters["mentions"] = link_mentions


@hookimpl
def extra_template_vars(datasette):
    async def catalog():
        return {"kb_catalog": await mentions.catalog_of(datasette, DATABASE)}

    return catalog
