# btcsim's own tests. sim_tests (tests/sim/*_test.cpp) also needs the simulator's pure sources;
# main.cpp and server.cpp stay out (sockets are covered by sim_smoke).
target_sources(sim_tests PRIVATE ${PROJECT_SOURCE_DIR}/sim/world.cpp ${PROJECT_SOURCE_DIR}/sim/replies.cpp
                                 ${PROJECT_SOURCE_DIR}/sim/truth.cpp ${PROJECT_SOURCE_DIR}/sim/churn.cpp
                                 ${PROJECT_SOURCE_DIR}/sim/counters.cpp)

# Black-box check of btcsim with an independent Python client, inside a private network namespace.
add_test(NAME sim_smoke
         COMMAND unshare -n sh -c "ip link set lo up && python3 ${CMAKE_CURRENT_LIST_DIR}/sim_smoke_test.py $<TARGET_FILE:btcsim>")
set_tests_properties(sim_smoke PROPERTIES TIMEOUT 120)

# The same namespace with a veth pair: btcsim must not bind the wildcard and falls back to one
# listener per node.
add_test(NAME sim_fallback
         COMMAND unshare -n sh -c "ip link set lo up && ip link add simveth0 type veth peer name simveth1 && python3 ${CMAKE_CURRENT_LIST_DIR}/sim_smoke_test.py --fallback $<TARGET_FILE:btcsim>")
set_tests_properties(sim_fallback PROPERTIES TIMEOUT 60)
