"""The browser harness itself works: Chromium loads a served page, axe runs."""


def test_home_page_loads_under_the_subpath_with_its_styles(browser, served_demo):
    browser.page.goto(served_demo + "/")
    assert browser.page.title().startswith("Free Expression Exchange")
    colour = browser.page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomColor")
    assert colour == "rgb(138, 28, 28)", "the stylesheet did not load from the sub-path"


def test_axe_reports_a_planted_violation(browser, served_demo):
    """The accessibility checks can fail: a page with known faults is flagged."""
    browser.page.goto(served_demo + "/")
    browser.page.evaluate(
        """() => {
            const main = document.querySelector('main');
            main.insertAdjacentHTML('beforeend',
              '<p style="color:#bbb;background:#fff">faint</p><a href="#x"><img src="data:,"></a>');
        }"""
    )
    found = {v["id"] for v in browser.axe()}
    assert {"color-contrast", "image-alt"} <= found, found


def test_axe_reports_text_outside_every_landmark(browser, served_demo):
    """The `region` rule runs and is reported: a moderate violation is not dropped."""
    browser.page.goto(served_demo + "/")
    browser.page.evaluate("() => document.body.insertAdjacentHTML('afterbegin', '<p>Outside every landmark</p>')")
    found = {v["id"]: v["impact"] for v in browser.axe(impacts=("moderate",), enable=("region",))}
    assert found.get("region") == "moderate", found


def test_requests_to_other_hosts_are_refused_and_recorded(chromium, served_demo):
    from web import Browser

    context = chromium.new_context()
    guarded = Browser(page=context.new_page(), origin=served_demo.rsplit("/", 1)[0])
    guarded.guard()
    guarded.page.goto(served_demo + "/")
    guarded.page.evaluate("() => fetch('http://example.org/x.js').catch(() => null)")
    context.close()
    assert guarded.foreign == ["http://example.org/x.js"]
