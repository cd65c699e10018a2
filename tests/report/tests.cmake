# The HTML report in a real browser (headless chromium) after an end-to-end crawl of btcsim, inside
# a private network namespace. Fails, not skips, when chromium is missing: scripts/setup installs it.
add_test(NAME report_html_browser
         COMMAND ${CMAKE_SOURCE_DIR}/tests/e2e/in_netns python3 ${CMAKE_CURRENT_LIST_DIR}/html_browser_test.py
                 --bin-dir $<TARGET_FILE_DIR:btccrawl>)
set_tests_properties(report_html_browser PROPERTIES TIMEOUT 300 RUN_SERIAL TRUE)

# report and export on a read-only file system (a tmpfs remounted read-only in a private mount
# namespace) after an end-to-end crawl of btcsim.
add_test(NAME report_read_only
         COMMAND ${CMAKE_SOURCE_DIR}/tests/e2e/in_netns python3 ${CMAKE_CURRENT_LIST_DIR}/read_only_test.py
                 --bin-dir $<TARGET_FILE_DIR:btccrawl>)
set_tests_properties(report_read_only PROPERTIES TIMEOUT 300 RUN_SERIAL TRUE)

# scripts/demo run by a user other than root (the test itself runs as root, like the suite).
add_test(NAME demo_not_root COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/demo_test.py)
