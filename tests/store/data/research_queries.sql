-- The research queries of docs/schema.md, one per statement, each for one address given as
-- (network, host, port). tests/store/database_test.cpp checks that none scans a table.
-- Who advertised address X: every node whose address messages carried it, with the crawl.
SELECT DISTINCT c.crawl_id, a.network, a.host, a.port
FROM addresses x
JOIN addr_entries e ON e.address_id = x.id
JOIN addr_messages m ON m.id = e.addr_message_id
JOIN connections c ON c.id = m.connection_id
JOIN addresses a ON a.id = c.address_id
WHERE x.network = 'ipv4' AND x.host = '127.10.0.9' AND x.port = 18444;
-- Which addresses did node Y advertise, with the timestamp of each entry.
SELECT c.crawl_id, a.network, a.host, a.port, e.timestamp
FROM addresses y
JOIN connections c ON c.address_id = y.id
JOIN addr_messages m ON m.connection_id = c.id
JOIN addr_entries e ON e.addr_message_id = m.id
JOIN addresses a ON a.id = e.address_id
WHERE y.network = 'ipv4' AND y.host = '127.10.0.1' AND y.port = 18444;
-- The first crawl that saw X, and when.
SELECT ca.crawl_id, ca.learned_at
FROM addresses x
JOIN crawl_addresses ca ON ca.address_id = x.id
WHERE x.network = 'ipv4' AND x.host = '127.10.0.9' AND x.port = 18444
ORDER BY ca.crawl_id LIMIT 1;
