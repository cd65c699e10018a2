# End-to-end test against real bcoin 1.0.2 peers (npm packages installed into tests/bcoin/node_modules
# by scripts/setup), inside a private network namespace like every test that opens sockets.
set(bcoin_dir ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME e2e_bcoin_crawl_test
         COMMAND ${bcoin_dir}/../e2e/in_netns python3 ${bcoin_dir}/bcoin_crawl_test.py --bin-dir $<TARGET_FILE_DIR:btccrawl>)
set_tests_properties(e2e_bcoin_crawl_test PROPERTIES TIMEOUT 120 RUN_SERIAL TRUE)
