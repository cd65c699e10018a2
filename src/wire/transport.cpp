// Why this file exists: the two transports a session can speak through. V2Transport is BIP324's
// handshake as an explicit receive state machine (maybe v1 -> key -> garbage -> version ->
// application) over a byte buffer, so every way a peer can break it is one precise error.
#include "wire/transport.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cstring>

namespace wire {

namespace {

TransportErrorKind KindOf(FrameErrorKind kind)
{
    switch (kind) {
    case FrameErrorKind::bad_magic: return TransportErrorKind::bad_magic;
    case FrameErrorKind::bad_command: return TransportErrorKind::bad_command;
    case FrameErrorKind::oversize: return TransportErrorKind::oversize;
    case FrameErrorKind::bad_checksum: return TransportErrorKind::bad_checksum;
    }
    return TransportErrorKind::bad_magic;
}

Bytes RandomGarbage()
{
    uint8_t length_bytes[2];
    if (RAND_bytes(length_bytes, sizeof length_bytes) != 1) throw std::runtime_error{"OpenSSL RAND_bytes failed"};
    Bytes garbage(((length_bytes[0] << 8) | length_bytes[1]) % (MAX_GARBAGE_LEN + 1));
    if (!garbage.empty() && RAND_bytes(garbage.data(), static_cast<int>(garbage.size())) != 1) {
        throw std::runtime_error{"OpenSSL RAND_bytes failed"};
    }
    return garbage;
}

}  // namespace

std::array<uint8_t, V1_PREFIX_LEN> V1VersionPrefix(const Magic& magic)
{
    std::array<uint8_t, V1_PREFIX_LEN> prefix{};
    std::copy(magic.begin(), magic.end(), prefix.begin());
    constexpr std::string_view version = "version";
    std::copy(version.begin(), version.end(), prefix.begin() + MESSAGE_START_SIZE);
    return prefix;
}

std::string_view TransportName(TransportKind kind)
{
    return kind == TransportKind::v1 ? "v1" : "v2";
}

std::optional<uint8_t> V2ShortId(std::string_view command)
{
    const auto found = std::find(V2_SHORT_IDS.begin() + 1, V2_SHORT_IDS.end(), command);
    if (found == V2_SHORT_IDS.end() || command.empty()) return std::nullopt;
    return static_cast<uint8_t>(found - V2_SHORT_IDS.begin());
}

std::optional<Frame> V1Transport::Next()
{
    try {
        return m_decoder.Next();
    } catch (const FrameError& error) {
        throw TransportError{KindOf(error.Kind()), error.what()};
    }
}

void V1Transport::Send(std::string_view command, ByteSpan payload)
{
    const Bytes frame = EncodeFrame(m_magic, command, payload);
    m_output.insert(m_output.end(), frame.begin(), frame.end());
}

V2Transport::V2Transport(Magic magic, bool initiator) : V2Transport{magic, initiator, Bip324Cipher{}, RandomGarbage()}
{
}

V2Transport::V2Transport(Magic magic, bool initiator, Bip324Cipher cipher, Bytes garbage)
    : m_magic{magic}, m_initiator{initiator}, m_cipher{std::move(cipher)}, m_send_garbage{std::move(garbage)},
      m_receive_state{initiator ? ReceiveState::key : ReceiveState::maybe_v1}
{
    if (m_send_garbage.size() > MAX_GARBAGE_LEN) {
        throw std::invalid_argument{"v2: garbage of " + std::to_string(m_send_garbage.size()) + " bytes > " +
                                    std::to_string(MAX_GARBAGE_LEN)};
    }
    if (m_initiator) SendKeyAndGarbage();
}

std::optional<SessionId> V2Transport::GetSessionId() const
{
    if (!m_cipher.Initialized()) return std::nullopt;
    return m_cipher.GetSessionId();
}

void V2Transport::Feed(ByteSpan bytes)
{
    // As FrameDecoder: drop the consumed prefix once it is half the buffer, so each byte moves a
    // bounded number of times.
    if (m_consumed > 0 && m_consumed * 2 >= m_buffer.size()) {
        m_buffer.erase(m_buffer.begin(), m_buffer.begin() + static_cast<std::ptrdiff_t>(m_consumed));
        m_consumed = 0;
    }
    m_buffer.insert(m_buffer.end(), bytes.begin(), bytes.end());
}

std::optional<Frame> V2Transport::Next()
{
    std::optional<Frame> message;
    while (!message && Step(message)) {}
    return message;
}

// One step of the receive state machine: false when it needs more bytes.
bool V2Transport::Step(std::optional<Frame>& message)
{
    switch (m_receive_state) {
    case ReceiveState::maybe_v1: return ReceiveMaybeV1();
    case ReceiveState::key: return ReceiveKey();
    case ReceiveState::garbage: return ReceiveGarbage();
    case ReceiveState::version:
    case ReceiveState::application: return ReceivePacket(message);
    }
    return false;
}

bool V2Transport::ReceiveMaybeV1()
{
    const ByteSpan unread = Unread();
    const auto prefix = V1VersionPrefix(m_magic);
    const size_t compared = std::min(unread.size(), prefix.size());
    if (std::equal(unread.begin(), unread.begin() + static_cast<std::ptrdiff_t>(compared), prefix.begin())) {
        if (compared < prefix.size()) return false;
        throw TransportError{TransportErrorKind::v1_peer,
                             "v2: the peer sent a v1 version header (magic " + HexStr(m_magic) + ")"};
    }
    // Not v1: answer with our key now, as Core does, without waiting for the whole of theirs.
    SendKeyAndGarbage();
    m_receive_state = ReceiveState::key;
    return true;
}

bool V2Transport::ReceiveKey()
{
    const ByteSpan unread = Unread();
    // A v1 responder answers our key with a v1 message (or nothing); its magic is where a v2
    // responder's key starts.
    if (m_initiator && unread.size() >= MESSAGE_START_SIZE &&
        std::equal(m_magic.begin(), m_magic.end(), unread.begin())) {
        throw TransportError{TransportErrorKind::v1_peer,
                             "v2: the peer answered with a v1 header (magic " + HexStr(m_magic) + ")"};
    }
    if (unread.size() < ELLSWIFT_SIZE) return false;
    EllSwiftPubKey theirs;
    std::copy_n(unread.begin(), ELLSWIFT_SIZE, theirs.begin());
    m_consumed += ELLSWIFT_SIZE;
    m_cipher.Initialize(theirs, m_initiator, m_magic);

    const GarbageTerminator& terminator = m_cipher.SendGarbageTerminator();
    m_output.insert(m_output.end(), terminator.begin(), terminator.end());
    // The version packet: empty contents (BIP324 transport version 0), our garbage as AAD.
    m_cipher.Encrypt({}, m_send_garbage, false, m_output);
    m_version_sent = true;
    for (const Bytes& contents : m_pending)
        SendPacket(contents);
    m_pending.clear();
    m_receive_state = ReceiveState::garbage;
    return true;
}

bool V2Transport::ReceiveGarbage()
{
    const ByteSpan unread = Unread();
    const GarbageTerminator& terminator = m_cipher.ReceiveGarbageTerminator();
    const size_t searched = std::min(unread.size(), MAX_GARBAGE_LEN + GARBAGE_TERMINATOR_LEN);
    const auto window = unread.first(searched);
    const auto found = std::search(window.begin(), window.end(), terminator.begin(), terminator.end());
    if (found == window.end()) {
        if (searched < MAX_GARBAGE_LEN + GARBAGE_TERMINATOR_LEN) return false;
        throw TransportError{
            TransportErrorKind::no_garbage_terminator,
            "v2: no garbage terminator within " + std::to_string(MAX_GARBAGE_LEN) + " bytes of garbage"};
    }
    m_received_garbage.assign(window.begin(), found);
    m_consumed += m_received_garbage.size() + GARBAGE_TERMINATOR_LEN;
    m_receive_state = ReceiveState::version;
    return true;
}

bool V2Transport::ReceivePacket(std::optional<Frame>& message)
{
    if (!m_packet_length) {
        if (Unread().size() < LENGTH_LEN) return false;
        const uint32_t length = m_cipher.DecryptLength(Unread().first<LENGTH_LEN>());
        if (length > MAX_V2_CONTENTS_LEN) {
            throw TransportError{TransportErrorKind::oversize, "v2: packet " + std::to_string(m_packets_received) +
                                                                   " declares " + std::to_string(length) + " bytes > " +
                                                                   std::to_string(MAX_V2_CONTENTS_LEN)};
        }
        m_consumed += LENGTH_LEN;
        m_packet_length = length;
    }
    const size_t packet_size = HEADER_LEN + *m_packet_length + TAG_LEN;
    if (Unread().size() < packet_size) return false;
    const std::span<uint8_t> packet{m_buffer.data() + m_consumed, packet_size};
    const std::optional<bool> ignore = m_cipher.Decrypt(packet, m_received_garbage);
    if (!ignore) {
        throw TransportError{TransportErrorKind::bad_tag,
                             "v2: packet " + std::to_string(m_packets_received) + " fails authentication"};
    }
    ++m_packets_received;
    m_consumed += packet_size;
    m_packet_length.reset();
    m_received_garbage.clear();  // the AAD of the first packet only
    const ByteSpan contents = packet.subspan(HEADER_LEN, packet_size - HEADER_LEN - TAG_LEN);
    if (*ignore) {
        ++m_ignored;
    } else if (m_receive_state == ReceiveState::version) {
        m_receive_state = ReceiveState::application;  // contents: future transport versions, ignored
    } else {
        message = DecodeContents(contents);
        if (!message) ++m_ignored;
    }
    return true;
}

// A message from application contents: short id or 0 + 12-byte command, then the payload.
// nullopt for a reserved short id (well-formed but unknown: skipped).
std::optional<Frame> V2Transport::DecodeContents(ByteSpan contents)
{
    if (contents.empty())
        throw TransportError{TransportErrorKind::bad_message_type, "v2: packet without a message type"};
    const uint8_t id = contents[0];
    if (id != 0) {
        if (id >= V2_SHORT_IDS.size()) return std::nullopt;
        return Frame{std::string{V2_SHORT_IDS[id]}, Bytes(contents.begin() + 1, contents.end())};
    }
    if (contents.size() < 1 + COMMAND_SIZE) {
        throw TransportError{TransportErrorKind::bad_message_type,
                             "v2: message type of " + std::to_string(contents.size() - 1) + " bytes < 12"};
    }
    const ByteSpan raw_command = contents.subspan(1, COMMAND_SIZE);
    if (!IsCommandValid(raw_command)) {
        throw TransportError{TransportErrorKind::bad_message_type, "v2: bad command " + HexStr(raw_command)};
    }
    const char* text = reinterpret_cast<const char*>(raw_command.data());
    return Frame{std::string{text, strnlen(text, COMMAND_SIZE)},
                 Bytes(contents.begin() + 1 + COMMAND_SIZE, contents.end())};
}

void V2Transport::Send(std::string_view command, ByteSpan payload)
{
    Bytes contents = EncodeContents(command, payload);
    if (m_version_sent) {
        SendPacket(contents);
    } else {
        m_pending.push_back(std::move(contents));
    }
}

Bytes V2Transport::EncodeContents(std::string_view command, ByteSpan payload) const
{
    if (command.size() > COMMAND_SIZE) {
        throw std::invalid_argument{"command \"" + std::string{command} + "\" longer than 12 bytes"};
    }
    if (payload.size() > MAX_PROTOCOL_MESSAGE_LENGTH) {
        throw std::invalid_argument{"payload of " + std::to_string(payload.size()) + " bytes > " +
                                    std::to_string(MAX_PROTOCOL_MESSAGE_LENGTH)};
    }
    Bytes contents;
    if (const auto id = V2ShortId(command)) {
        contents.push_back(*id);
    } else {
        contents.assign(1 + COMMAND_SIZE, 0);
        std::copy(command.begin(), command.end(), contents.begin() + 1);
    }
    contents.insert(contents.end(), payload.begin(), payload.end());
    return contents;
}

void V2Transport::SendKeyAndGarbage()
{
    const EllSwiftPubKey& key = m_cipher.OurPubKey();
    m_output.insert(m_output.end(), key.begin(), key.end());
    m_output.insert(m_output.end(), m_send_garbage.begin(), m_send_garbage.end());
}

void V2Transport::SendPacket(ByteSpan contents)
{
    m_cipher.Encrypt(contents, {}, false, m_output);
}

}  // namespace wire
