#pragma once
// Why this file exists: every store test needs a fresh folder of its own (tests run in parallel
// under ctest) and the same few rows to write; building them in one place keeps the tests about
// behaviour instead of setup.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "store/database.h"
#include "store/records.h"
#include "wire/address.h"

namespace store_test {

class StoreTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "btccrawl-store-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    std::filesystem::path Dir() const { return m_dir; }
    std::filesystem::path DbPath() const { return m_dir / "crawl.sqlite"; }

private:
    std::filesystem::path m_dir;
};

inline std::string ReadFile(const std::filesystem::path& path)
{
    std::ifstream file{path, std::ios::binary};
    return {std::istreambuf_iterator<char>{file}, std::istreambuf_iterator<char>{}};
}

inline void WriteFile(const std::filesystem::path& path, const std::string& bytes)
{
    std::ofstream{path, std::ios::binary} << bytes;
}

inline int64_t Count(SQLite::Database& db, const std::string& table)
{
    return db.execAndGet("SELECT count(*) FROM " + table).getInt64();
}

inline wire::Endpoint IPv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port = 18444)
{
    return wire::Endpoint{wire::NetAddress::FromIPv4({a, b, c, d}), port};
}

// A batch that learns `count` new addresses with ids from `first_id` and records one connection
// (id `connection_id`) whose single addr message (id `message_id`) advertises all of them.
inline store::Batch AddrBatch(int64_t crawl_id, int64_t first_id, int count, int64_t connection_id, int64_t message_id)
{
    store::Batch batch;
    store::ConnectionRecord connection{};
    connection.id = connection_id;
    connection.crawl_id = crawl_id;
    connection.address_id = first_id;
    connection.attempt = 1;
    connection.started_at = 1000;
    connection.finished_at = 2000;
    connection.outcome = store::Outcome::ok;
    store::AddrMessageRow message{};
    message.id = message_id;
    message.received_at = 1500;
    message.command = "addr";
    message.raw = wire::Bytes(31, 0xab);
    message.entry_count = static_cast<uint32_t>(count);
    for (int i = 0; i < count; ++i) {
        int64_t id = first_id + i;
        auto host = static_cast<uint32_t>(id);
        batch.addresses.push_back(
            {id,
             IPv4(10, static_cast<uint8_t>(host >> 16), static_cast<uint8_t>(host >> 8), static_cast<uint8_t>(host)),
             1000});
        batch.crawl_addresses.push_back({crawl_id, id, 1000});
        message.entries.push_back({id, 1700000000, 0x409});
    }
    connection.addr_messages.push_back(std::move(message));
    batch.connections.push_back(std::move(connection));
    return batch;
}

}  // namespace store_test
