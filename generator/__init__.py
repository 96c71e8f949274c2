"""cchc-site: build an administrative-reform information site from content files.

The flow runs one way: ``reader`` reads files, ``validate`` checks them into
typed ``models``, ``render`` turns models into Markdown pages through Jinja2
templates, ``feeds`` writes the news feeds, ``writer`` puts it all on disk,
and MkDocs with Material builds the site.
"""
