// k6 test double: the version the double reports (`k6 version`) and its default User-Agent.
export const DOUBLE_VERSION = 'v2.2.0-double';
export const USER_AGENT = `Grafana k6/${DOUBLE_VERSION}`;
