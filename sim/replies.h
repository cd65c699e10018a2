#pragma once
// Why this file exists: the bytes each virtual node sends, built without sockets so that the
// getaddr answer (the simulator's hot path: ~20,000 answers of ~30 KB in a benchmark crawl) and
// every fault's bytes can be unit-tested and measured alone.
#include <cstdint>
#include <optional>
#include <utility>

#include "sim/world.h"
#include "wire/frame.h"
#include "wire/messages.h"

namespace sim {

// The node's `version` frame as Bitcoin Core sends it to an inbound peer: addr_recv is the peer
// as seen (services 0), addr_from is [::]:0 with our services.
wire::VersionMessage NodeVersion(const World& world, uint32_t node, const wire::Endpoint& peer, int64_t now);

// The node's `version` payload; for `longagent` a user agent of LONG_AGENT_LENGTH bytes, which
// EncodeVersion refuses to write, so it is spliced in by hand.
wire::Bytes VersionPayload(const World& world, uint32_t node, const wire::Endpoint& peer, int64_t now);

// What the node sends on the peer's version: version, then wtxidrelay and sendaddrv2 when the peer
// speaks 70016 or newer, then verack (Core's order).
wire::Bytes HandshakeReply(const World& world, const wire::Magic& magic, uint32_t node, const wire::Endpoint& peer,
                           int32_t peer_version, int64_t now);

// What the node sends on the peer's verack: sendcmpct(0, 2), ping, the one-entry announcement of
// itself (time `now`), feefilter(1000).
wire::Bytes AfterVerack(const World& world, const wire::Magic& magic, uint32_t node, bool addrv2, uint32_t now);

// The entries of the getaddr answer: the first AnswerSize() book entries, without those `addr`
// (v1) cannot carry (Tor, I2P, CJDNS) when !addrv2.
std::vector<wire::AddrEntry> AnswerEntries(const World& world, uint32_t node, bool addrv2);
// The answer as one addr/addrv2 frame.
wire::Bytes AnswerFrame(const World& world, const wire::Magic& magic, uint32_t node, bool addrv2);
// The splitaddr node's answer: AnswerEntries in two frames, the first half (rounded up) first.
std::pair<wire::Bytes, wire::Bytes> SplitAnswerFrames(const World& world, const wire::Magic& magic, uint32_t node,
                                                      bool addrv2);
// The flood node's answer: FLOOD_MESSAGES frames, message m carrying 1 + m % 2 entries taken in
// turn from AnswerEntries (wrapping around). Empty when there are no entries.
wire::Bytes FloodFrames(const World& world, const wire::Magic& magic, uint32_t node, bool addrv2);

// What the node sends on the first getaddr, by kind: AnswerFrame for good nodes, FloodFrames for
// flood, and the malformed or abusive answers of addr1001, addrv2badlen, addrv2unknown, addrflood
// and dupaddr (docs/btcsim.md). Not for noaddr or chatter, which send no answer.
wire::Bytes GetaddrAnswer(const World& world, const wire::Magic& magic, uint32_t node, bool addrv2);

// One round of the chatter node's endless stream: CHATTER_BATCH `inv` messages and one `ping`.
wire::Bytes ChatterFrames(const wire::Magic& magic, uint64_t round);

// The bytes a broken node sends instead of its handshake (garbage, badmagic, badchecksum,
// oversize); nullopt for the kinds that send nothing wrong.
std::optional<wire::Bytes> FaultReply(const World& world, const wire::Magic& magic, uint32_t node,
                                      const wire::Endpoint& peer, int64_t now);

// The magic of no network: each byte of `magic` inverted (badmagic's frames, v2badmagic's keys).
wire::Magic WrongMagic(const wire::Magic& magic);

// What a hostile v2 node (V2_HOSTILE_KINDS) sends once the peer's key has arrived, given its cipher
// initialised from that key (with WrongMagic for v2badmagic): its own key, then v2garbage:
// V2_GARBAGE_SIZE bytes of garbage; v2badtag: the terminator and a version packet with a flipped tag
// bit; v2decoys: the terminator alone (DecoyPackets follow); v2silent, v2badmagic: the terminator
// and a good version packet. Empty garbage for all but v2garbage.
wire::Bytes HostileV2Handshake(NodeKind kind, wire::Bip324Cipher& cipher);
// One round of the v2decoys node's endless stream: CHATTER_BATCH decoys of DECOY_SIZE bytes.
wire::Bytes DecoyPackets(wire::Bip324Cipher& cipher);

}  // namespace sim
