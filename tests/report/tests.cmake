# The HTML report in a real browser (headless chromium) after an end-to-end crawl of btcsim, inside
# a private network namespace. Fails, not skips, when chromium is missing: scripts/setup installs it.
add_test(NAME report_html_browser
         COMMAND ${CMAKE_SOURCE_DIR}/tests/e2e/in_netns python3 ${CMAKE_CURRENT_LIST_DIR}/html_browser_test.py
                 --bin-dir $<TARGET_FILE_DIR:btccrawl>)
set_tests_properties(report_html_browser PROPERTIES TIMEOUT 300 RUN_SERIAL TRUE)
