#pragma once
// Why this file exists: BIP324 sends its ephemeral keys as ElligatorSwift encodings, 64 bytes that
// look uniformly random, and Debian 12's libsecp256k1 (0.2.0) has no ElligatorSwift module. This is
// the BIP's XSwiftEC map and its inverse written over OpenSSL's secp256k1 field (BIGNUM) and point
// (EC_POINT) arithmetic, plus the x-only ECDH BIP324 builds on it; nothing OpenSSL does is redone.
//
// Encoding (BIP324, "ElligatorSwift encoding of curve X coordinates"):
//   u (32, big-endian field element) | t (32, big-endian field element)
// Either half may be >= p; it is reduced mod p. Every 64-byte string decodes to a valid x.
#include <array>
#include <cstdint>
#include <optional>

#include "wire/serialize.h"

namespace wire {

constexpr size_t FIELD_SIZE = 32;
constexpr size_t ELLSWIFT_SIZE = 2 * FIELD_SIZE;

using FieldBytes = std::array<uint8_t, FIELD_SIZE>;  // a field element or scalar, big-endian
using EllSwiftPubKey = std::array<uint8_t, ELLSWIFT_SIZE>;
using PrivateKey = FieldBytes;

// XSwiftEC(u, t): the x coordinate (u, t) maps to (BIP324 "xswiftec").
FieldBytes XSwiftEC(const FieldBytes& u, const FieldBytes& t);

// XSwiftECInv(u, x, case): a t with XSwiftEC(u, t) == x, or nullopt when the case (0..7) has none
// (BIP324 "xswiftec_inv"). `x` must be a valid x coordinate.
std::optional<FieldBytes> XSwiftECInv(const FieldBytes& u, const FieldBytes& x, int which_case);

// The x coordinate an encoding stands for.
FieldBytes EllSwiftDecode(const EllSwiftPubKey& encoding);

// A uniformly random valid private key (OpenSSL RAND_bytes).
PrivateKey GeneratePrivateKey();

// x(key * G). Throws std::invalid_argument for a key that is 0 or >= the group order.
FieldBytes PublicKeyX(const PrivateKey& key);

// A random encoding of key * G (BIP324 "ellswift_create": random u and case until one inverts).
EllSwiftPubKey EllSwiftCreate(const PrivateKey& key);

// x(key * P) where P is either point with x = EllSwiftDecode(theirs) (both give the same x).
FieldBytes EllSwiftEcdhX(const PrivateKey& key, const EllSwiftPubKey& theirs);

}  // namespace wire
