"""cchc-site: build an administrative-reform information site from content files.

The flow runs one way, in three layers (README, "How it is built"):

- ``core/``: what every kind is made of: reading files (reader), checking
  them against typed models (checking, fields), the content container
  (content), pages and their templates (pages), feeds, calendars, open data
  and structured data, each generic;
- ``kinds/``: one module per kind of content (procedures, hotlines, plans,
  indices, news, pages), each with its model, files, checks, pages and outputs;
- ``pipeline/``: the stages over every kind in the registry: load, render,
  check links, write, then MkDocs and Pagefind build the site.
"""
