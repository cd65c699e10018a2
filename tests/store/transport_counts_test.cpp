// store::LoadTransportCounts: the BIP324 figures of the reports, per network, over reachable nodes.
#include <gtest/gtest.h>

#include "store/queries.h"
#include "store_fixture.h"

namespace {

using store_test::IPv4;
using wire::TransportKind;

constexpr uint64_t V2_BIT = uint64_t{1} << 11;

class TransportCountsTest : public store_test::StoreTest {
protected:
    // One connection over `transport`; `services` set means the handshake completed.
    static store::ConnectionRecord Connection(int64_t id, int64_t crawl_id, int64_t address_id, TransportKind transport,
                                              std::optional<uint64_t> services)
    {
        store::ConnectionRecord connection{};
        connection.id = id;
        connection.crawl_id = crawl_id;
        connection.address_id = address_id;
        connection.attempt = 1;
        connection.started_at = 1000;
        connection.connected_at = 1100;
        connection.finished_at = 2000;
        connection.transport = transport;
        connection.outcome = services ? store::Outcome::ok : store::Outcome::peer_closed;
        if (services) {
            connection.handshake_at = 1200;
            wire::VersionMessage version;
            version.services = *services;
            connection.version = store::VersionRow{1200, wire::Bytes(86, 0), version};
        }
        return connection;
    }
};

TEST_F(TransportCountsTest, V2ShareAndMismatchesPerNetwork)
{
    store::Database db{DbPath(), store::OpenMode::create_or_open};
    const int64_t crawl = db.StartCrawl("regtest", "{}", 1000);
    const int64_t other_crawl = db.StartCrawl("regtest", "{}", 3000);
    store::Batch batch;
    batch.addresses = {{1, IPv4(127, 0, 0, 1), 1000}, {2, IPv4(127, 0, 0, 2), 1000},
                       {3, IPv4(127, 0, 0, 3), 1000}, {4, IPv4(127, 0, 0, 4), 1000},
                       {5, IPv4(127, 0, 0, 5), 1000}, {6, wire::Endpoint{wire::ParseHost("::1"), 18444}, 1000}};
    batch.connections = {
        Connection(1, crawl, 1, TransportKind::v2, 0x409 | V2_BIT),  // dual: v2, advertised
        Connection(2, crawl, 2, TransportKind::v2, std::nullopt),    // v1-only: turned v2 away…
        Connection(3, crawl, 2, TransportKind::v1, 0x409),           // …reached over v1, no bit
        Connection(4, crawl, 3, TransportKind::v2, std::nullopt),    // advertises v2, does not speak it
        Connection(5, crawl, 3, TransportKind::v1, 0x409 | V2_BIT),
        Connection(6, crawl, 4, TransportKind::v2, 0x409),           // speaks v2 without the bit
        Connection(7, crawl, 5, TransportKind::v1, 0x409 | V2_BIT),  // --transport v1: never tried v2
        Connection(8, crawl, 6, TransportKind::v2, V2_BIT),
        Connection(9, other_crawl, 1, TransportKind::v1, 0x409),  // another crawl: not counted
    };
    batch.connections[2].fallback_from = 2;
    batch.connections[4].fallback_from = 4;
    db.WriteBatch(batch);

    const auto counts = store::LoadTransportCounts(db, crawl);
    ASSERT_EQ(counts.size(), 2u);
    EXPECT_EQ(counts[0].network, "ipv4");
    EXPECT_EQ(counts[0].reachable, 5);
    EXPECT_EQ(counts[0].v2, 2);
    EXPECT_EQ(counts[0].advertised_not_spoken, 1);
    EXPECT_EQ(counts[0].spoken_not_advertised, 1);
    EXPECT_EQ(counts[1].network, "ipv6");
    EXPECT_EQ(counts[1].reachable, 1);
    EXPECT_EQ(counts[1].v2, 1);
    EXPECT_EQ(counts[1].advertised_not_spoken, 0);
    EXPECT_EQ(counts[1].spoken_not_advertised, 0);

    EXPECT_EQ(store::LoadTransportCounts(db, other_crawl).size(), 1u);
    EXPECT_TRUE(store::LoadTransportCounts(db, 99).empty());
}

}  // namespace
