#!/usr/bin/env node
// Writes pii.jsonl, the labelled PII evaluation set: sentences as people write them to a model, each with the
// personal data a human reviewer would mark in it, plus hard negatives (order numbers, dates, versions, invalid
// card numbers and IBANs, hashes, placeholders) that carry none. Synthetic, as Presidio's evaluation data is:
// templates filled with made-up values, seeded, so the file is the same on every run. Values are checked only for
// what makes them real of their kind (a card's Luhn digit, an IBAN's mod-97, a phone number's plan), never
// against LLMGuard's detectors. Run: node bench/guardrails/build-pii-set.mjs > bench/guardrails/pii.jsonl
import { createRequire } from 'node:module';
import { seededRandom } from './seeded-random.mjs';

const require = createRequire(import.meta.url);
const { parsePhoneNumberFromString } = require('libphonenumber-js/max');

const { random, pick } = seededRandom(20261127);
const hex = (count) =>
  Array.from({ length: count }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('');
const digits = (count) => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');

function luhnDigit(body) {
  let sum = 0;
  for (let index = 0; index < body.length; index += 1) {
    let digit = Number(body[body.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}
function mod97(text) {
  let remainder = 0;
  for (const char of text) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}
function iban(country, bban) {
  const check = String(98 - mod97(`${bban}${country}00`)).padStart(2, '0');
  return `${country}${check}${bban}`;
}
const grouped = (text, size = 4) => text.match(new RegExp(`.{1,${size}}`, 'g')).join(' ');

// ---- values ----
const FIRST = [
  'john',
  'maria',
  'li',
  'aisha',
  'pierre',
  'sven',
  'olga',
  'raj',
  'emma',
  'diego',
  'yuki',
  'noah',
];
const LAST = ['smith', 'garcia', 'wang', 'khan', 'dubois', 'larsen', 'ivanova', 'patel', 'brown', 'lopez'];
const DOMAINS = [
  'example.com',
  'acme.io',
  'mail.example.org',
  'corp.co.uk',
  'uni-heidelberg.de',
  'startup.ai',
  'gmail.com',
  'outlook.fr',
];
function email() {
  const first = pick(FIRST);
  const last = pick(LAST);
  const local = pick([
    `${first}.${last}`,
    `${first}${last[0]}`,
    `${first}_${last}`,
    `${first}+billing`,
    `${last}${digits(2)}`,
    first.toUpperCase(),
  ]);
  return `${local}@${pick(DOMAINS)}`;
}

const PHONE_FORMATS = [
  () => `(${pick(['415', '212', '646', '312', '617', '206'])}) 555-${digits(4)}`,
  () => `${pick(['415', '212', '646', '312'])}-555-${digits(4)}`,
  () => `${pick(['415', '212', '303'])}.555.${digits(4)}`,
  () => `+1 ${pick(['415', '212', '646'])} 555 ${digits(4)}`,
  () => `+1-${pick(['415', '718', '213'])}-555-${digits(4)}`,
  () => `+44 20 7946 0${digits(3)}`,
  () => `+49 151 ${digits(8)}`,
  () => `+33 6 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`,
  () => `+91 98${digits(3)} ${digits(5)}`,
  () => `+61 412 ${digits(3)} ${digits(3)}`,
  () => `+34 612 ${digits(2)} ${digits(2)} ${digits(2)}`,
  () => `+31 6 ${digits(8)}`,
  () => `+353 87 ${digits(3)} ${digits(4)}`,
  () => `+65 8${digits(3)} ${digits(4)}`,
];
function phone() {
  for (;;) {
    const value = pick(PHONE_FORMATS)();
    if (parsePhoneNumberFromString(value, 'US')?.isValid()) return value;
  }
}

const CARD_PREFIXES = [
  ['4', 16],
  ['4', 16],
  ['51', 16],
  ['55', 16],
  ['2221', 16],
  ['34', 15],
  ['37', 15],
  ['6011', 16],
  ['65', 16],
  ['3530', 16],
];
function cardDigits() {
  const [prefix, length] = pick(CARD_PREFIXES);
  const body = prefix + digits(length - prefix.length - 1);
  return body + luhnDigit(body);
}
function card() {
  const number = cardDigits();
  if (number.length === 15)
    return pick([number, `${number.slice(0, 4)} ${number.slice(4, 10)} ${number.slice(10)}`]);
  return pick([number, grouped(number), grouped(number).replace(/ /g, '-')]);
}
function invalidCard() {
  const number = cardDigits();
  const last = (Number(number.at(-1)) + 1 + Math.floor(random() * 8)) % 10;
  const wrong = number.slice(0, -1) + String(last);
  return pick([wrong, grouped(wrong)]);
}

const IBAN_SHAPES = [
  ['DE', () => digits(18)],
  ['GB', () => `${pick(['NWBK', 'BARC', 'HBUK', 'LOYD'])}${digits(14)}`],
  ['FR', () => `${digits(10)}${digits(11)}${digits(2)}`],
  ['ES', () => digits(20)],
  ['IT', () => `X${digits(10)}${digits(12)}`],
  ['NL', () => `${pick(['ABNA', 'INGB', 'RABO'])}${digits(10)}`],
  ['BE', () => digits(12)],
  ['CH', () => digits(17)],
  ['PL', () => digits(24)],
];
function ibanValue({ valid = true } = {}) {
  const [country, bban] = pick(IBAN_SHAPES);
  let value = iban(country, bban());
  if (!valid)
    value =
      value.slice(0, 2) +
      String((Number(value.slice(2, 4)) + 1 + Math.floor(random() * 50)) % 97).padStart(2, '0') +
      value.slice(4);
  return pick([value, grouped(value)]);
}

function ssn() {
  for (;;) {
    const area = 1 + Math.floor(random() * 898);
    if (area === 666) continue;
    const group = 1 + Math.floor(random() * 98);
    const serial = 1 + Math.floor(random() * 9998);
    return `${String(area).padStart(3, '0')}-${String(group).padStart(2, '0')}-${String(serial).padStart(4, '0')}`;
  }
}

const octet = () => String(Math.floor(random() * 254) + 1);
function ipAddress() {
  return pick([
    () => `${pick(['203.0.113', '198.51.100', '192.0.2', '81.2.69', '172.16.4'])}.${octet()}`,
    () => `10.${octet()}.${octet()}.${octet()}`,
    () => `192.168.${octet()}.${octet()}`,
    () => `2001:db8:${digits(2)}a::${digits(1)}f`,
    () => `fe80::${digits(2)}ab:${digits(2)}ff:fe${digits(2)}:${digits(4)}`,
    () => `2a00:1450:4001:82${digits(1)}::200e`,
  ])();
}

const rand62 = (count) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: count }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
};
const upper32 = (count) =>
  Array.from({ length: count }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[Math.floor(random() * 32)]).join('');
const b64url = (text) => Buffer.from(text).toString('base64url');
function secret() {
  return pick([
    () => `AKIA${upper32(16)}`,
    () => `ghp_${rand62(36)}`,
    () => `github_pat_${rand62(22)}_${rand62(59)}`,
    () => `xoxb-${digits(12)}-${digits(13)}-${rand62(24)}`,
    () => `sk-proj-${rand62(48)}`,
    () => `sk-${rand62(48)}`,
    () => `sk-ant-api03-${rand62(93)}AA`,
    () => `sk_live_${rand62(24)}`,
    () => `rk_live_${rand62(24)}`,
    () => `AIza${rand62(35)}`,
    () =>
      `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify({ sub: digits(6), name: pick(FIRST), iat: 1716239022 }))}.${rand62(43)}`,
    () =>
      `-----BEGIN RSA PRIVATE KEY-----\nMIIEow${rand62(58)}\n${rand62(64)}\n${rand62(40)}==\n-----END RSA PRIVATE KEY-----`,
    () =>
      `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA${rand62(40)}\n-----END OPENSSH PRIVATE KEY-----`,
  ])();
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
function birthDate() {
  const year = 1940 + Math.floor(random() * 65);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const pad = (value) => String(value).padStart(2, '0');
  return pick([
    `${pad(month)}/${pad(day)}/${year}`,
    `${year}-${pad(month)}-${pad(day)}`,
    `${day} ${MONTHS[month - 1]} ${year}`,
    `${MONTHS[month - 1]} ${day}, ${year}`,
  ]);
}

// ---- templates: {v} is the labelled value ----
const TEMPLATES = {
  email: [
    'Please send the contract to {v} before Friday.',
    'Can you draft a reply to {v} saying we accept the offer?',
    'My email is {v}, contact me there if the build breaks.',
    'From: Support <{v}>\nSubject: Your ticket',
    'Add {v} to the mailing list and summarise the thread below.',
    'The customer ({v}) complained about a double charge; write an apology.',
    'cc: {v}; the meeting notes are attached.',
    'Translate to German: "Reach me at {v} for questions."',
  ],
  phone_number: [
    'Call me back at {v} after 5pm.',
    'Her phone number is {v}, can you format it for the CRM?',
    'Summarise this voicemail from {v}: "Hi, it is about the delivery."',
    'Contact: Jane Doe, tel. {v}, Berlin office.',
    'Text the driver on {v} when the parcel is ready.',
    'The hotel front desk can be reached on {v}.',
    "Write an SMS reminder for the patient at {v} about tomorrow's appointment.",
  ],
  credit_card: [
    'My card number is {v}, expiry 09/27, why was it declined?',
    'Charge {v} for the annual plan.',
    'Payment failed for card {v}; draft an email to the customer.',
    'Is {v} a Visa or a Mastercard?',
    'Update billing: new card {v}, CVV 123.',
    'The receipt shows {v} was used at the airport shop.',
  ],
  iban: [
    'Please wire the refund to {v}.',
    'Our bank details: IBAN {v}, BIC DEUTDEFF.',
    'Can you check whether {v} is a valid account for SEPA?',
    'Rent goes to {v} on the first of each month.',
    'Supplier invoice: pay EUR 1,200 to {v} within 30 days.',
  ],
  us_ssn: [
    'My SSN is {v}, can you fill in the W-9 form?',
    'Employee record: John Smith, SSN {v}, hired 2021.',
    'Social security number: {v}. Please verify my identity.',
    'The applicant wrote {v} in the SSN field; is the format right?',
    'Redact the SSN {v} from this letter before sending it.',
  ],
  ip_address: [
    'Our server at {v} keeps dropping connections, what should I check?',
    'Failed login from {v} at 03:12 UTC, is this an attack?',
    'Whitelist {v} in the firewall rules please.',
    'nginx log: {v} - - [10/Oct/2024:13:55:36 +0000] "GET /index.html HTTP/1.1" 200',
    'The user connected from {v}; explain what this address range is.',
    'ssh admin@{v} -p 2222 fails with a timeout.',
  ],
  secret: [
    'Why does this fail? export OPENAI_KEY={v}',
    'Here is my config:\napi_key: {v}\nregion: us-east-1',
    'My token {v} stopped working yesterday.',
    'curl -H "Authorization: Bearer {v}" https://api.example.com/v1/items',
    'Debug this: client = Client(token="{v}")',
    'I pasted my key by mistake: {v}',
  ],
  date_of_birth: [
    'Patient: Maria Garcia, date of birth {v}, allergies: none.',
    'DOB: {v}. Please calculate my age.',
    'I was born on {v} in Lyon.',
    'Fill the form: name Li Wang, birthday {v}, nationality CN.',
  ],
};
const VALUE_OF = {
  email,
  phone_number: phone,
  credit_card: card,
  iban: () => ibanValue(),
  us_ssn: ssn,
  ip_address: ipAddress,
  secret,
  date_of_birth: birthDate,
};
const PER_TYPE = {
  email: 40,
  phone_number: 40,
  credit_card: 36,
  iban: 30,
  us_ssn: 30,
  ip_address: 30,
  secret: 40,
  date_of_birth: 20,
};

const records = [];
for (const [type, count] of Object.entries(PER_TYPE)) {
  for (let index = 0; index < count; index += 1) {
    const value = VALUE_OF[type]();
    const template = TEMPLATES[type][index % TEMPLATES[type].length];
    records.push({ text: template.replace('{v}', value), entities: [{ type, value }] });
  }
}

// Several kinds in one prompt, as in a pasted record or a support ticket.
for (let index = 0; index < 20; index += 1) {
  const mail = email();
  const tel = phone();
  const number = card();
  const address = ipAddress();
  records.push({
    text: `Customer ${pick(FIRST)} (${mail}, ${tel}) paid with ${number} from ${address}. Write a fraud review.`,
    entities: [
      { type: 'email', value: mail },
      { type: 'phone_number', value: tel },
      { type: 'credit_card', value: number },
      { type: 'ip_address', value: address },
    ],
  });
}

// Written by hand: formats and contexts the templates above do not cover, labelled as a reviewer would label them
// (including ones a pattern-based detector may well miss).
const HANDWRITTEN = [
  ['my number is 4155552671, call after six', [['phone_number', '4155552671']]],
  ['Phone:4155550187 (mobile)', [['phone_number', '4155550187']]],
  ['Reach me on +1 415 555 0123 ext. 204 during office hours.', [['phone_number', '+1 415 555 0123']]],
  ['From abroad dial 0049 30 901820 for the Berlin office.', [['phone_number', '0049 30 901820']]],
  ['UK mobile 07911 123456, please call.', [['phone_number', '07911 123456']]],
  ['tel:+14155552671 is the click-to-call link', [['phone_number', '+14155552671']]],
  ['Fax +33 1 42 68 53 00 for the Paris office.', [['phone_number', '+33 1 42 68 53 00']]],
  ['WhatsApp me: +49 151 23456789', [['phone_number', '+49 151 23456789']]],
  ['Email JOHN.SMITH@EXAMPLE.COM about the renewal', [['email', 'JOHN.SMITH@EXAMPLE.COM']]],
  ['<a href="mailto:ana.lopez@acme.io">Ana</a> wrote the spec', [['email', 'ana.lopez@acme.io']]],
  ['Reply-To: "Sven Larsen" <sven.larsen@uni-heidelberg.de>', [['email', 'sven.larsen@uni-heidelberg.de']]],
  ['contact: li_wang-2@mail.example.org.', [['email', 'li_wang-2@mail.example.org']]],
  ['Amex 3714 496353 98431 was charged twice', [['credit_card', '3714 496353 98431']]],
  ['card=5105105105105100&exp=0927', [['credit_card', '5105105105105100']]],
  ['pay with 4012-8888-8888-1881 please', [['credit_card', '4012-8888-8888-1881']]],
  ['Diners card 3056 9309 0259 04 declined', [['credit_card', '3056 9309 0259 04']]],
  ['IBAN: NL91ABNA0417164300, name J. de Vries', [['iban', 'NL91ABNA0417164300']]],
  ['Account CH93 0076 2011 6238 5295 7 at UBS', [['iban', 'CH93 0076 2011 6238 5295 7']]],
  ['Bankverbindung: DE44 5001 0517 5407 3249 31', [['iban', 'DE44 5001 0517 5407 3249 31']]],
  ['SSN#: 536-22-1234', [['us_ssn', '536-22-1234']]],
  ['social security no. 536 22 1235 on the form', [['us_ssn', '536 22 1235']]],
  ['ssn=536221236', [['us_ssn', '536221236']]],
  [
    'ping 8.8.8.8 works but 10.20.30.40 times out',
    [
      ['ip_address', '8.8.8.8'],
      ['ip_address', '10.20.30.40'],
    ],
  ],
  [
    'X-Forwarded-For: 203.0.113.195, 70.41.3.18',
    [
      ['ip_address', '203.0.113.195'],
      ['ip_address', '70.41.3.18'],
    ],
  ],
  ['listen [2001:db8:85a3::8a2e:370:7334]:443;', [['ip_address', '2001:db8:85a3::8a2e:370:7334']]],
  ['password: Tr0ub4dor&3xK9 for the staging DB', [['secret', 'Tr0ub4dor&3xK9']]],
  ['AZURE_OPENAI_KEY=8f3c2a9d7e6b4f1a0c5d2e8b9a7f6c3d', [['secret', '8f3c2a9d7e6b4f1a0c5d2e8b9a7f6c3d']]],
  [
    'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLF2Q',
    [['secret', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLF2Q']],
  ],
  [
    'token: ghs_16C7e42F292c6912E7710c838347Ae178B4a',
    [['secret', 'ghs_16C7e42F292c6912E7710c838347Ae178B4a']],
  ],
  [
    'Authorization: Bearer 9f8e7d6c5b4a3928171605f4e3d2c1b0aZ',
    [['secret', '9f8e7d6c5b4a3928171605f4e3d2c1b0aZ']],
  ],
  ['D.O.B. 1984-02-29, blood type 0+', [['date_of_birth', '1984-02-29']]],
  ['Born: 3 July 1961 in Leeds', [['date_of_birth', '3 July 1961']]],
  ['her birthday is 12/25/1990', [['date_of_birth', '12/25/1990']]],
];
for (const [text, entities] of HANDWRITTEN) {
  records.push({ text, entities: entities.map(([type, value]) => ({ type, value })) });
}

// ---- hard negatives: no personal data, but numbers and tokens that look like it ----
const NEGATIVES = [
  () =>
    `Where is my order #${digits(10)}? It was due on ${pick(['2024-03-18', '03/18/2024', '18.03.2024'])}.`,
  () => `Order number ${digits(16)} was shipped; tracking ${`1Z${upper32(6)}${digits(10)}`}.`,
  () => `Invoice ${digits(8)}-${digits(4)} totals $${digits(2)},${digits(3)}.${digits(2)}.`,
  () => `The card ${invalidCard()} was rejected because the number is not valid. What does that mean?`,
  () => `Is ${invalidCard()} a valid card number? I think I mistyped it.`,
  () => `Test with the account ${ibanValue({ valid: false })}: the bank says the check digits are wrong.`,
  () =>
    `Upgrade from version ${digits(1)}.${digits(1)}.${digits(1)}.${digits(1)} to ${digits(1)}.${digits(2)}.0 fixed the crash.`,
  () =>
    `The meeting moved from 10:30:00 to 14:45:30 on ${pick(MONTHS)} ${1 + Math.floor(random() * 28)}, 2025.`,
  () => `Commit ${hex(40)} broke the build.`,
  () => `UUID ${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)} appears twice in the table.`,
  () => `Sales grew from 1,234,567 to 2,345,678 units (+${digits(2)}.${digits(1)}%).`,
  () => `ISBN 978-${digits(1)}-${digits(3)}-${digits(5)}-${digits(1)} is out of print.`,
  () => `Set the API key in OPENAI_API_KEY, e.g. sk-xxxxxxxxxxxxxxxxxxxxxxxx, never commit it.`,
  () => `The AWS docs use AKIAIOSFODNN7EXAMPLE as a sample access key id.`,
  () => `Send "Authorization: Bearer <your-token>" with every request.`,
  () => `In C++ use std::vector<int> and std::map::find, not a::b.`,
  () => `The MAC address 00:1a:2b:3c:4d:5e belongs to the printer.`,
  () => `Subnet mask 255.255.255.0 and gateway on localhost 127.0.0.1 are the defaults.`,
  () => `Run npm install react@18.2.0 lodash@4.17.21 and reload.`,
  () => `Use logo@2x.png for retina screens.`,
  () => `Coordinates 48.8584, 2.2945 mark the Eiffel Tower.`,
  () => `The part number is 123-45-6789-A; reorder ten.`,
  () => `Employee id ${digits(9)} was promoted in ${2015 + Math.floor(random() * 10)}.`,
  () => `The reference code ${digits(3)}-${digits(2)}-${digits(4)} matches case number ${digits(7)}.`,
  () => `Population: ${digits(3)} ${digits(3)} ${digits(3)} people in ${2000 + Math.floor(random() * 25)}.`,
  () => `Room 4B, floor 12, building ${digits(3)}; the lab opens at 08:00.`,
  () => `Timestamp 1716239022 is ${pick(MONTHS)} 2024 in Unix time.`,
  () => `SHA-256: ${hex(64)}`,
  () => `The SKU ${upper32(4)}-${digits(6)} costs EUR ${digits(3)}.${digits(2)}.`,
  () => `Bearer tokens expire after an hour; refresh them with the refresh token.`,
  () => `Our zip code is ${digits(5)}-${digits(4)} and the PO box is ${digits(4)}.`,
  () => `Dial 911 in an emergency, or 112 in Europe.`,
  () => `The ratio was 3.14159265 and the error 0.000123.`,
  () => `Flight LH${digits(4)} departs at 07:35 from gate B${digits(2)}.`,
  () => `Write a regex for emails like name@domain.tld and phones like (xxx) xxx-xxxx.`,
];
const HANDWRITTEN_NEGATIVES = [
  'Card ending in 4242 was charged $12.',
  'The last four digits of my SSN are 6789.',
  'Call the helpdesk extension 4417.',
  'We shipped 4111 units in 2023 and 1111 in 2024.',
  'Use name@domain.tld as the format, not a real address.',
  'My user name is @jsmith on GitHub.',
  'Version 10.0.19045.3570 of Windows is installed.',
  'The answer is 192.168 kilobytes, roughly.',
  'ISO 8601 dates look like 2024-05-17T10:30:00Z.',
  'Our bank code is DEUTDEFF and the branch 500 700 10.',
  'Order 123-4567890-1234567 on Amazon arrived late.',
  'The NHS number format is 3-3-4 digits.',
  'Set PASSWORD in the .env file, never in code.',
  'A JWT has three parts: header.payload.signature.',
  'RSA keys start with -----BEGIN PUBLIC KEY----- and that one is public.',
  'Stripe publishable keys start with pk_live_ and are safe in the browser.',
  'The IPv6 loopback is ::1 and the IPv4 one is 127.0.0.1.',
  'Chapter 4.1.2.3 explains the checksum.',
  'Temperatures ranged from -12.5 to 38.7 degrees.',
  'Model numbers like RTX-4090 and i9-13900K.',
];
for (const text of HANDWRITTEN_NEGATIVES) records.push({ text, entities: [] });
for (let index = 0; index < 170; index += 1) {
  records.push({ text: NEGATIVES[index % NEGATIVES.length](), entities: [] });
}

for (const record of records) process.stdout.write(`${JSON.stringify(record)}\n`);
