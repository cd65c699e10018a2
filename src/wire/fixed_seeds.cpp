// Why this file exists: see fixed_seeds.h. The entries are a subset of Bitcoin Core's lists:
// bitcoin/bitcoin contrib/seeds/nodes_main.txt at commit 0022c847165d (the source of
// chainparamsseeds.h; 106 KB, some 2,000 nodes): its 8 CJDNS entries and 12 consecutive entries
// of each of I2P, IPv4, IPv6 and Tor v3 (56 of the file's entries); nodes_testnet4.txt and
// nodes_signet.txt at commit 35cdce3732e7: the CJDNS entry and 4 to 8 of each other network (25). The stored testnet3
// list (nodes_test.txt at commit 0b326ce01250) has no entries, so testnet3 has none here either. A fallback needs a few
// dozen reachable nodes, not all of them: every node answers getaddr with up to 1,000 more.
#include "wire/fixed_seeds.h"

#include <array>

namespace wire {
namespace {

constexpr std::array<std::string_view, 56> MAINNET{
    "[fc1f:22c3:95dc:a3af:4a93:8251:beb9:1858]:8333",
    "[fc6d:f562:86a0:791d:8a20:7aa2:8879:2176]:8333",
    "[fc70:de9d:7fe2:b32:5828:1a3c:d0f:83ec]:8333",
    "[fc95:6edb:af65:9ea3:cd27:21ef:f5e2:29c6]:8333",
    "[fca0:151:79ac:8992:b51e:bdc4:6ed9:41be]:8333",
    "[fcc7:be49:ccd1:dc91:3125:f0da:457d:8ce]:8333",
    "[fccb:248:11a6:1042:bca:1218:f7ce:7d3d]:8333",
    "[fcf1:22ff:3070:582f:a873:61bc:4bc1:81bf]:8333",
    "23zqyu5dxq3gilx5dihlyjh6tbkwombyaks4pbeyg2pqjvv7putq.b32.i2p:0",
    "26wyxyscoasntccp6k3earcilrykkgzfrdit2zfw5m4patocvuqq.b32.i2p:0",
    "26xo6ouiqida6fivk7cfirvyss4eqoiefoim6pecdqietfwxnulq.b32.i2p:0",
    "2dsyxnxzwo6ltuo3hndnoop2qc2pj2czfgmjbjnqrnnxffmr2oaa.b32.i2p:0",
    "2eshemvuvyahgshefs47wt3eqg3vvxw5jzlxm6lidye5d6zgclja.b32.i2p:0",
    "2fkjb2o7p4gdj6hjiytgkhvitqwjrn7kmdxzduwiskpycnzhvkwa.b32.i2p:0",
    "2hjwtokw4mxvtkm5po63kjhyo7lfsarfcgqp2hp5i4epx3qvtnua.b32.i2p:0",
    "2jgfxxzts6rfr5m2iwklltya2kmuejnkufpt4bavwjhi2j7fmyma.b32.i2p:0",
    "2jt5aukq3ik7bu4frugi5udkwlckhhgxrzjhjvfzieomkx4agxqq.b32.i2p:0",
    "2k3lztzfal3k6dl7yrh2jykfa3xpmou2c7cm2ewo4qctkkvbhfvq.b32.i2p:0",
    "2kb3aja6lo6pu2b27tos64tgo4kxzate2z4ew3mpmksqh6wzjsta.b32.i2p:0",
    "2muk57255tdm4g273fy7aitrmqnturut6krqojxz76jssrqm2rsa.b32.i2p:0",
    "188.138.88.47:8333",
    "188.138.112.60:8333",
    "188.213.92.39:8333",
    "188.243.71.145:8333",
    "189.32.136.9:8333",
    "190.53.100.34:8333",
    "190.64.134.52:8333",
    "191.13.128.58:8333",
    "191.251.32.162:8333",
    "191.255.221.37:8333",
    "192.3.11.20:8333",
    "192.3.11.26:8333",
    "[2001:13d8:1c01:21:215:17ff:fe63:2a7e]:8333",
    "[2001:1528:111:ffff:214::207]:8333",
    "[2001:1620:542c:210::100]:8333",
    "[2001:18b8:0:100:0:b00b:420:69]:8333",
    "[2001:19f0:0:4f89:5400:4ff:fea0:3837]:8333",
    "[2001:19f0:4401:e8a:5400:4ff:fe8e:d398]:8333",
    "[2001:19f0:5000:1a80:5400:4ff:fe71:aac5]:8333",
    "[2001:19f0:5:2b12:5400:4ff:fe6e:3afe]:8333",
    "[2001:19f0:5:5b81:5e6f:69ff:fe57:94d0]:8333",
    "[2001:19f0:6801:6ec:2::1]:8333",
    "[2001:19f0:c800:2ce5:5400:4ff:fed7:663d]:8333",
    "[2001:1bc0:c1::2000]:8333",
    "xrd4o7bs7272pbhqttqzzudfpdzjvzopcbtdkxexejeubhtigitftvid.onion:8333",
    "xt5pt2gn2qnprz5vvdbet4p4wgf3ejbq77guay5fzjlxgn7dmnzqooid.onion:8333",
    "xti4kdl4ojss45oio5harzghee7zr2whzo5gn47f74rgh4h3vlq244yd.onion:8333",
    "xz463kgdshepjf7gtnsxibjaomtbuksh2wc447xgawmrl4bbfbzg4dyd.onion:8333",
    "ybji2ssvc4je4cqzbad2pczrhancohnyy66ogsbpg3d6bspvh6au7iqd.onion:8333",
    "yfgo33tiu6w3nrvnfyw2nmpcwtfozinctn57566y5l4hfcttuvgff7id.onion:8333",
    "yftuiua74fspnqanvait246qn6vmab4aoympjd3omppu46jkq777axid.onion:8333",
    "yj3gs4nvumsfztawn7ku4cmner2zlmcn5kke33g4j2vywxsrqmbd7kyd.onion:8333",
    "ykh3t44zjojpj76ouqeo662ljhyc2t6e3mike76iqpelcdztgaxuw5id.onion:8333",
    "ylaprgwti4dsumx5xvlhul3esf3yi3ebyyubb2dwfgwe3zysv3e6nyad.onion:8333",
    "ymt2hdfgdxo2awvj2k4y5tbpvapj75j7v34tvvlrqy44lsvvdcnjx3qd.onion:8333",
    "yqrnkmnwp23adyswjvnvw7uyss7vtbfcickq6ug7i35dafmgfjd3bnyd.onion:8333",
};

constexpr std::array<std::string_view, 25> TESTNET4{
    "[fc1f:22c3:95dc:a3af:4a93:8251:beb9:1858]:48333",
    "2o6clfldp42aegdjsgnhsvyqydqpltmek2k6yq5etw5bxm7kgrqa.b32.i2p:0",
    "3dxginlmkptubogdcvqfxhdghw55s7ezzq5dv5wl2xkfdgaencwq.b32.i2p:0",
    "7rn2pojst5aurdaes2qcwiigis55ewzjjhxfbxnua5calwuigxdq.b32.i2p:0",
    "a7jpzmbtvn5qgvnxez2zc4nvabso4xmllbrqmuoavxz537ttbdtq.b32.i2p:0",
    "2.59.134.244:48333",
    "2.110.106.102:48333",
    "5.182.4.106:48333",
    "31.220.30.248:48333",
    "34.232.194.104:48333",
    "35.201.167.154:48333",
    "38.102.86.40:48333",
    "45.41.204.8:48333",
    "[2001:1ab0:7e1e:d150:be24:11ff:fe03:6b30]:48333",
    "[2001:5a8:4164:7a00::1f8]:48333",
    "[2001:5a8:4164:7a00:be60:b5aa:22f0:d1cb]:48333",
    "[2001:8003:941b:ca00:f22f:74ff:fe1e:5b33]:48333",
    "[2001:9e8:69b:e00:900f:f2ff:fea3:bbcd]:48333",
    "[2001:9e8:6af:500:900f:f2ff:fea3:bbcd]:48333",
    "24i3bbceydddhykco65oai2dmxirqtvwyom3kyxwzaxbldaog4filyyd.onion:48333",
    "2m4yjmxoamgtzskezmaqwrhfi5hnnzehv44q3fj3ryjwhtz5e53cqmyd.onion:48333",
    "2pzxsv4k5ovuew7kb635kigs5zexhlxyruuznmuctvjoo4f5idp6iaqd.onion:48333",
    "2sltzrq7ts5t4il5nimp75og2jksbwdjmgbdykz5ljeoqrxemzlakeyd.onion:48333",
    "33ffm6iijgivx7xyg75isr5cd2thsqsx7c5hwab5pu3u774uwuipsdqd.onion:48333",
    "4uzerod2wrqtjuaea6vr43uddq2sg3cgfuk4khqotqsqdsxpwdmcphqd.onion:48333",
};

constexpr std::array<std::string_view, 25> SIGNET{
    "[fc1f:22c3:95dc:a3af:4a93:8251:beb9:1858]:38333",
    "25g5trd4qasb2sbpkk5cvl256l6aiwcwjjqq7xso3ajvlgcvkpaq.b32.i2p:0",
    "3cxteqanevzjd5iufktxxh3l5abj6fs6udqg3bomphzofqjl4aqa.b32.i2p:0",
    "g7cudei24hjktz4thkjqj4cevbtjemkr5ba6picuzf2j5qfpfloq.b32.i2p:0",
    "lxwk2it45ye2crdkonpshxpdotwzddvktl2foxrye5ik2gh2gcsa.b32.i2p:0",
    "34.135.189.101:38333",
    "34.254.97.244:38333",
    "35.196.2.204:38333",
    "35.217.13.118:38333",
    "37.120.177.204:38333",
    "38.83.170.18:38333",
    "44.192.76.239:38333",
    "45.94.168.5:38333",
    "[2001:41d0:2005:100::c7c]:38333",
    "[2001:41d0:2005:100::c7d]:38333",
    "[2001:41d0:2005:100::cbb]:38333",
    "[2001:41d0:304:400::d0a]:38333",
    "[2001:41d0:347:e00::]:38333",
    "[2001:41d0:403:4ecb::]:38333",
    "2uqd5pbaxn26o7fl7nqtm2khetqocislppxtxrpqg55wtbcqdrf2y5qd.onion:38333",
    "2ycyu2aba3xsqjr35beqporp5f64ntqs2sau2amn5ztq4j5q76amhqyd.onion:38333",
    "3qeedpzgciv65tdy2tsdmjxswhyep4aj65jtboznf5nnwcyo2lbmiyqd.onion:38333",
    "3xvum5nnvcchvfxwlbc2it7nbfxhml6ovt7xehjw2potempk2om4eoqd.onion:38333",
    "43nk7wpojel47fmc2il4sunwkpj4d2sh5rpeconlymplvuf7mwvnidqd.onion:38333",
    "4jbenbcdlfoiauayz4bdpfueobo3klbjtmdkbnwojq2awhhl74ngbkad.onion:38333",
};

}  // namespace

std::span<const std::string_view> FixedSeedTexts(std::string_view chain)
{
    if (chain == "mainnet") return MAINNET;
    if (chain == "testnet4") return TESTNET4;
    if (chain == "signet") return SIGNET;
    return {};
}

std::vector<Endpoint> FixedSeeds(std::string_view chain)
{
    std::vector<Endpoint> seeds;
    for (const auto text : FixedSeedTexts(chain)) {
        const auto host_port = SplitHostPort(text, 0);
        seeds.push_back(Endpoint{SeedAddress(ParseHost(host_port.host)), host_port.port});
    }
    return seeds;
}

}  // namespace wire
