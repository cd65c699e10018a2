// Why this file exists: bcoin's own command-line launcher asks outside DNS servers for its public IP
// and dials built-in seeds. This launcher starts the same bcoin.FullNode as a regtest peer that
// only listens: memory database, one 127.x address and port, no seeds, no UPnP, no DNS, never an
// outbound connection, and an address book filled from our side so a test knows exactly what the
// node will advertise. It prints one JSON line (the node's address and its whole book) once it
// listens, and runs until SIGTERM or SIGINT.
//
//   node launch_node.js --host 127.0.0.2 --port 18444 [--book HOST:PORT]...

'use strict';

const { parseArgs } = require('node:util');
const bcoin = require('bcoin');

// Services each book entry advertises: NODE_NETWORK | NODE_WITNESS, what a full node announces.
const BOOK_SERVICES = 1 | 8;
// Book entries are stamped this many seconds apart, newest first, so each timestamp is distinct.
const BOOK_TIME_STEP = 600;

function ParseEndpoint(text) {
    const match = /^(\d+\.\d+\.\d+\.\d+):(\d+)$/.exec(text);
    if (!match) throw new Error(`launch_node: bad book entry "${text}" (expected IPv4:PORT)`);
    return { host: match[1], port: Number(match[2]) };
}

function ParseOptions() {
    const { values } = parseArgs({
        options: {
            host: { type: 'string' },
            port: { type: 'string' },
            book: { type: 'string', multiple: true, default: [] },
        },
    });
    if (!values.host || !values.port) throw new Error('launch_node: --host and --port are required');
    return { host: values.host, port: Number(values.port), book: values.book.map(ParseEndpoint) };
}

function CreateNode(options) {
    const node = new bcoin.FullNode({
        network: 'regtest',
        memory: true,
        workers: false,
        logLevel: 'error',
        logConsole: false,
        listen: true,
        host: options.host,
        port: options.port,
        seeds: [],
        nodes: [],
        upnp: false,
        // The RPC/HTTP server cannot be turned off: keep it on the node's own address, any free port.
        httpHost: options.host,
        httpPort: 0,
    });
    const pool = node.pool;
    // bcoin has no "never dial" option (maxOutbound must be > 0). Every outbound connection, the
    // loader peer's included, takes its address from getHost(); without one, nothing is dialed.
    pool.getHost = () => null;
    // bcoin reads a BIP324 key and garbage as a run of malformed v1 messages, 10 ban points each,
    // and bans the source address at 100: the crawler's v1 reconnection from the same loopback
    // address would be refused. Bitcoin Core v1 nodes only disconnect, which is what the fallback
    // is for; the test is of the fallback, so bcoin does not ban here.
    pool.options.banScore = Number.MAX_SAFE_INTEGER;
    // Would ask outside DNS servers for our public IP; a test peer has none.
    pool.discoverExternal = async () => {};
    return node;
}

function FillBook(pool, book) {
    const now = Math.floor(Date.now() / 1000);
    book.forEach((endpoint, index) => {
        const entry = new bcoin.net.NetAddress({
            host: endpoint.host,
            port: endpoint.port,
            services: BOOK_SERVICES,
            time: now - BOOK_TIME_STEP * (index + 1),
        });
        if (!pool.hosts.add(entry)) throw new Error(`launch_node: bcoin refused book entry ${entry.hostname}`);
    });
}

async function Main() {
    const options = ParseOptions();
    const node = CreateNode(options);
    node.on('error', (error) => console.error(`launch_node: ${error.stack || error}`));
    await node.open();
    await node.connect();
    FillBook(node.pool, options.book);

    const book = node.pool.hosts.toArray().map((entry) => ({
        host: entry.host,
        port: entry.port,
        services: entry.services,
        time: entry.time,
    }));
    console.log(JSON.stringify({ ready: true, pid: process.pid, host: options.host, port: options.port, book }));

    const stop = async () => {
        await node.close();
        process.exit(0);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
}

Main().catch((error) => {
    console.error(error.message);
    process.exit(1);
});
