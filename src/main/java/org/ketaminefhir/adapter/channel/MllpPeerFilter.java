package org.ketaminefhir.adapter.channel;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.handler.ipfilter.RuleBasedIpFilter;
import java.net.InetSocketAddress;
import java.util.List;
import org.ketaminefhir.adapter.config.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code adapter.mllp.allowed-peers}: the monitors (or interface engine) allowed to connect, as addresses
 * or CIDR ranges. Anyone else's connection is closed before a byte is read. Empty: every peer may connect
 * (the listener then relies on the network, as most monitor gateways do).
 */
@ChannelHandler.Sharable
final class MllpPeerFilter extends RuleBasedIpFilter {

    private static final Logger log = LoggerFactory.getLogger(MllpPeerFilter.class);

    private MllpPeerFilter(boolean acceptAll, IpSubnetFilterRule... rules) {
        super(acceptAll, rules);
    }

    public static MllpPeerFilter of(List<String> allowedPeers) {
        IpSubnetFilterRule[] rules = new IpSubnetFilterRule[allowedPeers.size()];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = rule(
                    "adapter.mllp.allowed-peers[" + i + "]", allowedPeers.get(i).strip());
        }
        return new MllpPeerFilter(allowedPeers.isEmpty(), rules);
    }

    private static IpSubnetFilterRule rule(String key, String peer) {
        String[] parts = peer.split("/", 2);
        try {
            boolean v6 = parts[0].contains(":");
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : v6 ? 128 : 32;
            if (!parts[0].matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("not an IP address");
            }
            return new IpSubnetFilterRule(parts[0], prefix, IpFilterRuleType.ACCEPT);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(
                    key + ": '" + peer + "' is not an IP address or CIDR range; "
                            + "expected e.g. 10.20.0.15 or 10.20.0.0/24",
                    "Fix adapter.mllp.allowed-peers and start again.");
        }
    }

    @Override
    protected io.netty.channel.ChannelFuture channelRejected(
            ChannelHandlerContext ctx, InetSocketAddress remoteAddress) {
        log.warn(
                "MLLP connection from {} refused: not in adapter.mllp.allowed-peers",
                remoteAddress.getAddress().getHostAddress());
        return null;
    }
}
