"""kb/site/mentions.py: record ids in running text become labelled links; everything else is escaped."""

from kb.site.mentions import link_mentions

CATALOG = {"zhakiyanov-arrest-2002": ("incident", "Arrest of Zhakiyanov"), "ak-zhol": ("organization", "Ak Zhol <Party>")}


def row_url(table, record_id):
    return f"/opposition/{table}/{record_id}"


def test_ids_become_labelled_links():
    html = link_mentions("Held in Pavlodar (see zhakiyanov-arrest-2002); later ak-zhol.", CATALOG, row_url)
    assert html == ('Held in Pavlodar (see <a href="/opposition/incident/zhakiyanov-arrest-2002">Arrest of Zhakiyanov</a>); '
                    'later <a href="/opposition/organization/ak-zhol">Ak Zhol &lt;Party&gt;</a>.')


def test_unknown_slugs_addresses_and_markup_stay_text():
    html = link_mentions("a took-state-post spell; https://example.org/ak-zhol <b>ak-zhol-2</b>", CATALOG, row_url)
    assert html == "a took-state-post spell; https://example.org/ak-zhol &lt;b&gt;ak-zhol-2&lt;/b&gt;"
    assert link_mentions(None, CATALOG, row_url) == ""
