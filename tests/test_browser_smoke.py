"""The browser harness itself works: Chromium loads a served page, axe runs."""


def test_home_page_loads_under_the_subpath_with_its_styles(browser, served_demo):
    browser.page.goto(served_demo + "/")
    assert browser.page.title().startswith("Free Expression Exchange")
    colour = browser.page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomColor")
    assert colour == "rgb(138, 28, 28)", "the stylesheet did not load from the sub-path"
