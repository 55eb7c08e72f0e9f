/** Receiver URLs no deployment means, for the request forgery tests of the URL rule, the API and delivery. */

/** Internal addresses and names, each in the spellings a URL parser accepts for it. */
export const INTERNAL_URLS = [
  // loopback
  'http://127.0.0.1/', 'http://127.1/', 'http://2130706433/', 'http://0x7f000001/', 'http://0x7f.1/', 'http://0177.0.0.1/',
  'http://127.0.0.1./', 'http://[::1]/', 'http://[0:0:0:0:0:0:0:1]/', 'http://[::ffff:127.0.0.1]/', 'http://[::ffff:7f00:1]/',
  'http://[::127.0.0.1]/', 'http://[::ffff:0:127.0.0.1]/', 'http://[64:ff9b::127.0.0.1]/', 'http://[2002:7f00:1::]/',
  'http://localhost/', 'http://LOCALHOST./', 'http://api.localhost/',
  // unspecified
  'http://0.0.0.0/', 'http://0/', 'http://0.1.2.3/', 'http://[::]/',
  // private, carrier-grade NAT, link-local, unique-local
  'http://10.0.0.1/', 'http://167772161/', 'http://[::ffff:10.0.0.1]/', 'http://[64:ff9b::10.0.0.1]/', 'http://172.16.0.1/',
  'http://172.31.255.255/', 'http://192.168.1.1/', 'http://0xc0a80101/', 'http://100.64.0.1/', 'http://169.254.1.1/',
  'http://[fe80::1]/', 'http://[febf::1]/', 'http://[fc00::1]/', 'http://[fd12:3456::1]/',
  // multicast, broadcast, reserved
  'http://224.0.0.1/', 'http://[ff02::1]/', 'http://255.255.255.255/', 'http://240.0.0.1/', 'http://[2001:db8::1]/',
  // local names
  'http://alertmanager:9093/', 'http://printer.local/', 'http://ip-10-0-0-1.ec2.internal/', 'http://router.home.arpa/',
];

/** Cloud metadata services: refused whatever the allow list says. */
export const METADATA_URLS = [
  'http://169.254.169.254/latest/meta-data/', 'http://2852039166/', 'http://0xa9.0xfe.0xa9.0xfe/', 'http://0251.0376.0251.0376/',
  'http://[::ffff:169.254.169.254]/', 'http://[::ffff:a9fe:a9fe]/', 'http://[fd00:ec2::254]/', 'http://169.254.170.2/v2/credentials',
  'http://metadata.google.internal/computeMetadata/v1/', 'http://metadata.google.internal./', 'http://METADATA.Google.Internal/',
  'http://metadata/', 'http://metadata./', 'http://instance-data/', 'http://INSTANCE-DATA./latest/', 'http://metadata.goog/',
];
