# End-to-end tests: the real binaries against btcsim, inside a private network namespace.
set(e2e_dir ${CMAKE_CURRENT_LIST_DIR})
foreach(script crawl_simnet_test mainnet_shape_test grace_test unreachable_test scheduling_test networks_test progress_test reuse_test backpressure_test hostile_test resume_test bad_input_test limits_test deadline_test transport_test monitor_test)
  add_test(NAME e2e_${script}
           COMMAND ${e2e_dir}/in_netns python3 ${e2e_dir}/${script}.py --bin-dir $<TARGET_FILE_DIR:btccrawl>)
  set_tests_properties(e2e_${script} PROPERTIES TIMEOUT 600 RUN_SERIAL TRUE)
endforeach()

# The DNS seed test needs dnspython, which Debian installs for the system interpreter.
find_program(BTCCRAWL_SYSTEM_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
add_test(NAME e2e_dns_test
         COMMAND ${e2e_dir}/in_netns ${BTCCRAWL_SYSTEM_PYTHON3} ${e2e_dir}/dns_test.py --bin-dir $<TARGET_FILE_DIR:btccrawl>)
set_tests_properties(e2e_dns_test PROPERTIES TIMEOUT 600 RUN_SERIAL TRUE)
