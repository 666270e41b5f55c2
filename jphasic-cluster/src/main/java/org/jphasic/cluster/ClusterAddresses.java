package org.jphasic.cluster;

import java.util.ArrayList;
import java.util.List;
import org.jphasic.ParameterException;

/** Checks and normalises {@code host:port} member addresses given on the command line or in settings. */
final class ClusterAddresses {
    private ClusterAddresses() {
    }

    /**
     * @param addresses {@code host:port} strings (IPv6 hosts in brackets: {@code [::1]:5701})
     * @param option    the option they came from, for messages (e.g. {@code --cluster})
     * @return the trimmed addresses, in order
     * @throws ParameterException if the list is empty or an entry has no host or no valid port
     */
    static List<String> parse(List<String> addresses, String option) {
        if (addresses == null || addresses.isEmpty()) {
            throw new ParameterException(option + " needs at least one member address host:port");
        }
        List<String> out = new ArrayList<>(addresses.size());
        for (String raw : addresses) {
            String a = raw == null ? "" : raw.trim();
            int colon = a.lastIndexOf(':');
            String host = colon < 0 ? "" : a.substring(0, colon);
            String port = colon < 0 ? "" : a.substring(colon + 1);
            if (host.isEmpty() || host.equals("[]") || !isPort(port)) {
                throw new ParameterException(option + ": '" + raw + "' is not a member address; expected host:port "
                        + "with a port from 1 to 65535, e.g. 127.0.0.1:5701");
            }
            out.add(a);
        }
        return out;
    }

    /**
     * @param port a port as text
     * @return whether it is a decimal number from 1 to 65535
     */
    static boolean isPort(String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65535;
    }
}
