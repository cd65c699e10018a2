# Cross-check of the wire codec against python-bitcoinlib (Debian's python3-bitcoinlib).
add_executable(wire_codec_tool ${CMAKE_CURRENT_LIST_DIR}/wire_codec_tool.cpp)
target_link_libraries(wire_codec_tool PRIVATE btccrawl_wire nlohmann_json::nlohmann_json)

# Debian installs python3-bitcoinlib for the system interpreter; prefer it over a python3 that a
# version manager (pyenv, venv) may have put first on PATH without that module.
find_program(BTCCRAWL_SYSTEM_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT BTCCRAWL_SYSTEM_PYTHON3)
  set(BTCCRAWL_SYSTEM_PYTHON3 python3)
endif()
add_test(NAME wire_bitcoinlib_crosscheck
         COMMAND ${BTCCRAWL_SYSTEM_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/bitcoinlib_crosscheck.py $<TARGET_FILE:wire_codec_tool>)

# BIP324's published vectors (tests/wire/data/bip324/README.md), read by bip324_vectors_test.cpp.
target_compile_definitions(wire_tests PRIVATE BIP324_DATA_DIR="${CMAKE_CURRENT_LIST_DIR}/data/bip324")
