def test_foreign(page, served_site):
    page.goto(served_site.url("/"))
    page.evaluate("fetch('https://example.com/x').catch(() => 0)")
    page.evaluate("new Image().src = 'data:image/png;base64,iVBORw0KGgo='")
    page.wait_for_timeout(300)
