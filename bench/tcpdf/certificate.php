<?php
/**
 * The same certificate page as our renderer, drawn by TCPDF as Moodle's mod_customcert and tool_certificate do:
 * A4 landscape, a double frame, title, "This certifies that", the name (one line, or two balanced lines), "has
 * successfully completed", the course on up to two balanced lines, the date, the issuing site over a rule, the
 * verification code and a QR code of the verification URL with the URL beneath it.
 *
 *   taskset -c 0 php -d opcache.enable_cli=1 bench/tcpdf/certificate.php [--inputs FILE] [--count N] [--save DIR]
 *
 * Reads the same inputs file as `npm run -s bench -- certificates` (default bench/certificates/default-inputs.json),
 * renders the first input once cold, then N renders (default 100) cycling through the inputs, and prints the same
 * JSON object as its last line: {"count","median_ms","p95_ms","cold_ms","median_bytes","by_script":{…}}.
 * --save DIR writes one PDF per input (for a look at the page; the write is outside the timing).
 * cold_ms runs from before tcpdf.php is required to the end of the first render (PHP's own start-up is before it).
 *
 * Fonts, by script, as a Moodle site would choose them from what TCPDF can print: DejaVu (Latin, Greek, Cyrillic,
 * Armenian, Georgian; DejaVu Sans for Arabic-script and Hebrew text), the Adobe CID fonts TCPDF ships for Chinese,
 * Japanese and Korean (not embedded), and GNU FreeFont (Debian's fonts-freefont-ttf, converted once into
 * .local/bench/tcpdf-fonts by `--prepare-fonts`, done automatically on the first run) for Devanagari, Bengali, Tamil,
 * Thai and Ethiopic. The wording and the date are in English (TCPDF has no localisation of its own).
 *
 * Needs Debian's php8.2-cli, php-tcpdf and fonts-freefont-ttf. TCPDF_PATH overrides /usr/share/php/tcpdf.
 */

declare(strict_types=1);

const PAGE_W = 841.89;
const PAGE_H = 595.28;
const MARGIN = 80.0;
const VERIFY_BASE_URL = 'https://moodle.example.org/local/manireports/verify.php';
const FIRST_ISSUE = 1796342400; // 2026-12-04T00:00:00Z
const NAVY = [26, 48, 87];
const GOLD = [184, 148, 77];
const INK = [41, 41, 46];
const MUTED = [107, 107, 115];

$tcpdfPath = getenv('TCPDF_PATH') ?: '/usr/share/php/tcpdf';
$fontDir = __DIR__ . '/../../.local/bench/tcpdf-fonts';

function fail(string $message, int $code = 2): never
{
    fwrite(STDERR, "tcpdf certificate bench: $message\n");
    exit($code);
}

// ---- command line -------------------------------------------------------------------------------------------
$args = array_slice($argv, 1);
$options = ['inputs' => __DIR__ . '/../certificates/default-inputs.json', 'count' => '100', 'prepare-fonts' => false, 'save' => null];
for ($i = 0; $i < count($args); $i++) {
    $arg = $args[$i];
    if ($arg === '--prepare-fonts') {
        $options['prepare-fonts'] = true;
    } elseif ($arg === '--inputs' || $arg === '--count' || $arg === '--save') {
        if (!isset($args[$i + 1])) fail("$arg needs a value");
        $options[substr($arg, 2)] = $args[++$i];
    } else {
        fail("unknown argument " . json_encode($arg) . " (--inputs FILE, --count N, --save DIR, --prepare-fonts)");
    }
}

if ($options['prepare-fonts']) {
    prepareFonts($tcpdfPath, $fontDir);
    exit(0);
}
if (!preg_match('/^\d+$/', $options['count']) || (int) $options['count'] < 1 || (int) $options['count'] > 100000) {
    fail('--count: must be a whole number from 1 to 100000 (got ' . json_encode($options['count']) . ')');
}
$count = (int) $options['count'];
$inputs = loadInputs($options['inputs']);
if (!file_exists("$fontDir/freeserif.php") || !file_exists("$fontDir/freesans.php")) {
    // A separate process, so converting the fonts never counts in this one's cold start.
    passthru(escapeshellarg(PHP_BINARY) . ' ' . escapeshellarg(__FILE__) . ' --prepare-fonts', $status);
    if ($status !== 0) fail('could not prepare the FreeFont files', 1);
}

// ---- measured from here ---------------------------------------------------------------------------------------
$started = hrtime(true);
require_once "$tcpdfPath/tcpdf.php";
renderCertificate($inputs, 0, $fontDir);
$coldMs = (hrtime(true) - $started) / 1e6;

$samples = [];
for ($index = 0; $index < $count; $index++) {
    $before = hrtime(true);
    $pdf = renderCertificate($inputs, $index, $fontDir);
    $ms = (hrtime(true) - $before) / 1e6;
    if ($options['save'] !== null && $index < count($inputs)) {
        @mkdir($options['save'], 0777, true);
        file_put_contents(sprintf('%s/%02d-%s.pdf', $options['save'], $index, $inputs[$index]['script']), $pdf);
    }
    $samples[] = ['script' => $inputs[$index % count($inputs)]['script'], 'ms' => $ms, 'bytes' => strlen($pdf)];
}
echo json_encode(summarize($samples, $coldMs), JSON_UNESCAPED_UNICODE), "\n";

// ---- the page ---------------------------------------------------------------------------------------------------

/** @return string the PDF */
function renderCertificate(array $inputs, int $index, string $fontDir): string
{
    $input = $inputs[$index % count($inputs)];
    $code = verificationCode($index);
    $url = VERIFY_BASE_URL . '?code=' . $code;
    $fonts = fontsFor($input['script'], $fontDir);
    $issuedAt = $input['issuedAt'] ?? FIRST_ISSUE + ($index % count($inputs)) * 86400;
    $site = $input['siteName'] ?? 'ManiReports Demo Academy';

    $pdf = new TCPDF('L', 'pt', 'A4', true, 'UTF-8', false);
    $pdf->setPrintHeader(false);
    $pdf->setPrintFooter(false);
    $pdf->SetMargins(0, 0, 0);
    $pdf->SetAutoPageBreak(false);
    $pdf->setCellPaddings(0, 0, 0, 0);
    $pdf->SetCreator('manireports-cloud bench');
    $pdf->SetTitle('Certificate of Completion');
    $pdf->SetSubject($input['courseName']);
    foreach ($fonts['files'] as [$family, $style, $file]) {
        $pdf->AddFont($family, $style, $file);
    }
    $pdf->AddPage();
    $printable = PAGE_W - 2 * MARGIN;

    // Frame: navy, with a fine gold one inside.
    $pdf->SetLineStyle(['width' => 3, 'color' => NAVY]);
    $pdf->Rect(20, 20, PAGE_W - 40, PAGE_H - 40, 'D');
    $pdf->SetLineStyle(['width' => 0.8, 'color' => GOLD]);
    $pdf->Rect(29, 29, PAGE_W - 58, PAGE_H - 58, 'D');

    [$family, $style] = $fonts['display'];
    $size = fitSize($pdf, 'Certificate of Completion', $fonts['display'], $printable, 32, 16);
    centred($pdf, 'Certificate of Completion', $fonts['display'], $size, 474, NAVY);
    rule($pdf, PAGE_W / 2 - 60, 120, 456, 1.2);

    $size = fitSize($pdf, 'This certifies that', $fonts['phrase'], $printable, 15, 9);
    centred($pdf, 'This certifies that', $fonts['phrase'], $size, 414, MUTED);

    // The name: one line from 40 pt down to 24 pt, else two balanced lines from 26 pt down to 12 pt.
    $name = normalize($input['recipientName']);
    $oneLine = fitSize($pdf, $name, $fonts['display'], $printable, 40, 24, true);
    if ($oneLine !== null) {
        $lines = [$name];
        $size = $oneLine;
    } else {
        [$lines, $size] = balancedLines($pdf, $name, $fonts['display'], $printable, 26, 12);
    }
    $nameWidth = 0.0;
    foreach ($lines as $i => $line) {
        $y = 356 + ((count($lines) - 1) / 2 - $i) * $size * 1.15;
        $nameWidth = max($nameWidth, centred($pdf, $line, $fonts['display'], $size, $y, INK));
    }
    $ruleY = min(340, 356 - ((count($lines) - 1) / 2) * $size * 1.15 - 0.3 * $size - 2);
    $ruleWidth = min($printable, max($nameWidth + 48, 320));
    rule($pdf, PAGE_W / 2 - $ruleWidth / 2, $ruleWidth, $ruleY, 0.6);

    $size = fitSize($pdf, 'has successfully completed', $fonts['phrase'], $printable, 15, 9);
    centred($pdf, 'has successfully completed', $fonts['phrase'], $size, 306, MUTED);

    // The course on up to two balanced lines at the largest size from 24 pt down to 12 pt that allows it.
    $course = normalize($input['courseName']);
    $oneLine = fitSize($pdf, $course, $fonts['display'], $printable - 40, 24, 12);
    [$lines, $size] = balancedLines($pdf, $course, $fonts['display'], $printable - 40, 24, 12);
    if ($oneLine >= $size) {
        [$lines, $size] = [[$course], $oneLine];
    }
    foreach ($lines as $i => $line) {
        centred($pdf, $line, $fonts['display'], $size, 266 - $i * $size * 1.25, NAVY);
    }
    $date = 'Issued on ' . gmdate('F j, Y', $issuedAt);
    $dateSize = fitSize($pdf, $date, $fonts['body'], $printable, 12, 8);
    centred($pdf, $date, $fonts['body'], $dateSize, 266 - count($lines) * $size * 1.25 - 18, INK);

    // Footer: site over a rule and the code on the left, the QR code with its URL on the right.
    $qrSize = 92.0;
    $qrRight = PAGE_W - MARGIN;
    $quietZone = 4 * $qrSize / 33; // four modules of a version-4 symbol, as ours leaves
    $column = $qrRight - $qrSize - $quietZone - MARGIN - 24;
    $siteSize = fitSize($pdf, $site, $fonts['display'], $column, 16, 9);
    $siteWidth = width($pdf, $site, $fonts['display'], $siteSize);
    rule($pdf, MARGIN, max($siteWidth, 200), 134, 0.6);
    at($pdf, $site, $fonts['display'], $siteSize, MARGIN, 116, NAVY);
    at($pdf, 'Verification code', $fonts['body'], 8, MARGIN, 88, MUTED);
    at($pdf, $code, $fonts['body'], 12, MARGIN, 70, INK);
    $pdf->write2DBarcode($url, 'QRCODE,M', $qrRight - $qrSize, PAGE_H - 68 - $qrSize, $qrSize, $qrSize, [
        'border' => false,
        'padding' => 0,
        'fgcolor' => INK,
        'bgcolor' => false,
    ], 'N');
    $urlSize = fitSize($pdf, $url, $fonts['body'], PAGE_W / 2 - MARGIN, 6.5, 5);
    $urlWidth = width($pdf, $url, $fonts['body'], $urlSize);
    at($pdf, $url, $fonts['body'], $urlSize, $qrRight - $urlWidth, 68 - $quietZone - $urlSize, MUTED);

    return $pdf->Output('certificate.pdf', 'S');
}

/** Fonts by role for a script label: [family, style] for display, phrase and body, and the files to add. */
function fontsFor(string $script, string $fontDir): array
{
    $cid = ['chinese_simplified' => 'cid0cs', 'chinese' => 'cid0cs', 'chinese_traditional' => 'cid0ct', 'japanese' => 'cid0jp', 'korean' => 'cid0kr'];
    if (isset($cid[$script])) {
        $font = [$cid[$script], ''];
        return ['display' => $font, 'phrase' => $font, 'body' => ['dejavusans', ''], 'files' => []];
    }
    if (in_array($script, ['devanagari', 'bengali', 'tamil', 'thai', 'ethiopic', 'other'], true)) {
        return [
            'display' => ['freeserif', ''],
            'phrase' => ['freeserif', ''],
            'body' => ['freesans', ''],
            'files' => [['freeserif', '', "$fontDir/freeserif.php"], ['freesans', '', "$fontDir/freesans.php"]],
        ];
    }
    if (in_array($script, ['arabic', 'persian', 'urdu', 'hebrew', 'mixed'], true)) {
        return ['display' => ['dejavusans', 'B'], 'phrase' => ['dejavusans', ''], 'body' => ['dejavusans', ''], 'files' => []];
    }
    return ['display' => ['dejavuserif', 'B'], 'phrase' => ['dejavuserif', 'I'], 'body' => ['dejavusans', ''], 'files' => []];
}

function width(TCPDF $pdf, string $text, array $font, float $size): float
{
    return $pdf->GetStringWidth($text, $font[0], $font[1], $size);
}

/** The largest size from $max down to $min (0.5 pt steps) at which $text fits $maxWidth; $min, or null if $strict. */
function fitSize(TCPDF $pdf, string $text, array $font, float $maxWidth, float $max, float $min, bool $strict = false): ?float
{
    $atMax = width($pdf, $text, $font, $max);
    if ($atMax <= $maxWidth) return $max;
    $size = floor($max * $maxWidth / $atMax * 2) / 2;
    if ($size >= $min) return $size;
    return $strict ? null : $min;
}

/** Up to two lines of about equal width (breaking at spaces, or anywhere in a text without any) and their size. */
function balancedLines(TCPDF $pdf, string $text, array $font, float $maxWidth, float $max, float $min): array
{
    $words = preg_split('/ +/u', $text);
    $pieces = count($words) > 1 ? $words : graphemes($text);
    $glue = count($words) > 1 ? ' ' : '';
    $best = [[$text], PHP_FLOAT_MAX];
    for ($cut = 1; $cut < count($pieces); $cut++) {
        $lines = [implode($glue, array_slice($pieces, 0, $cut)), implode($glue, array_slice($pieces, $cut))];
        $widest = max(width($pdf, $lines[0], $font, $max), width($pdf, $lines[1], $font, $max));
        if ($widest < $best[1]) $best = [$lines, $widest];
    }
    $size = $best[1] <= $maxWidth ? $max : max($min, floor($max * $maxWidth / $best[1] * 2) / 2);
    return [$best[0], $size];
}

/** User-perceived characters (a base letter with its marks), for texts written without spaces. */
function graphemes(string $text): array
{
    preg_match_all('/\X/u', $text, $matches);
    return $matches[0];
}

/** Draws $text centred with its baseline $baseline points above the bottom edge; returns its width. */
function centred(TCPDF $pdf, string $text, array $font, float $size, float $baseline, array $color): float
{
    $w = width($pdf, $text, $font, $size);
    at($pdf, $text, $font, $size, (PAGE_W - $w) / 2, $baseline, $color);
    return $w;
}

function at(TCPDF $pdf, string $text, array $font, float $size, float $x, float $baseline, array $color): void
{
    $pdf->SetFont($font[0], $font[1], $size);
    $pdf->SetTextColorArray($color);
    $pdf->SetXY($x, PAGE_H - $baseline - $size);
    $pdf->Cell(0, $size, $text, 0, 0, 'L', false, '', 0, false, 'T', 'B');
}

function rule(TCPDF $pdf, float $x, float $width, float $baseline, float $thickness): void
{
    $pdf->SetLineStyle(['width' => $thickness, 'color' => GOLD]);
    $pdf->Line($x, PAGE_H - $baseline, $x + $width, PAGE_H - $baseline);
}

/** NFC, whitespace runs as one space, trimmed: what our renderer prints. */
function normalize(string $text): string
{
    $nfc = class_exists('Normalizer') ? Normalizer::normalize($text, Normalizer::FORM_C) : $text;
    return trim(preg_replace('/\s+/u', ' ', $nfc));
}

/** A code like ours (Crockford base32 of 80 bits, in groups of four), from sha256("bench-<index>"). */
function verificationCode(int $index): string
{
    $alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    $bits = '';
    foreach (str_split(substr(hash('sha256', "bench-$index", true), 0, 10)) as $byte) {
        $bits .= str_pad(decbin(ord($byte)), 8, '0', STR_PAD_LEFT);
    }
    $symbols = '';
    foreach (str_split($bits, 5) as $chunk) $symbols .= $alphabet[bindec($chunk)];
    return implode('-', str_split($symbols, 4));
}

// ---- inputs, labels, statistics -----------------------------------------------------------------------------------

function loadInputs(string $file): array
{
    $raw = @file_get_contents($file);
    if ($raw === false) fail("--inputs $file: cannot be read");
    try {
        $parsed = json_decode($raw, true, 64, JSON_THROW_ON_ERROR);
    } catch (JsonException $e) {
        fail("--inputs $file: is not JSON (" . $e->getMessage() . ')');
    }
    if (!is_array($parsed) || $parsed === [] || !array_is_list($parsed)) {
        fail("--inputs $file: must be a non-empty JSON array of { recipientName, courseName, lang }");
    }
    foreach ($parsed as $i => &$entry) {
        if (!is_array($entry) || array_is_list($entry)) fail("--inputs $file: [$i]: must be an object");
        foreach (['recipientName', 'courseName', 'lang'] as $field) {
            if (!array_key_exists($field, $entry)) fail("--inputs $file: [$i].$field: is missing");
            if (!is_string($entry[$field]) || trim($entry[$field]) === '') fail("--inputs $file: [$i].$field: must be a non-blank string");
        }
        if (isset($entry['script']) && (!is_string($entry['script']) || !preg_match('/^[a-z][a-z0-9_]*$/', $entry['script']))) {
            fail("--inputs $file: [$i].script: must be lower-case letters, digits and underscores");
        }
        $entry['script'] ??= detectScript($entry['recipientName']);
    }
    return $parsed;
}

/** The same labels as bench/certificates/inputs.ts `detectScript`. */
function detectScript(string $name): string
{
    $scripts = ['Latin', 'Greek', 'Cyrillic', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Ethiopic', 'Devanagari', 'Bengali', 'Tamil', 'Thai', 'Hangul', 'Hiragana', 'Katakana', 'Han'];
    $found = [];
    foreach (preg_split('//u', $name, -1, PREG_SPLIT_NO_EMPTY) as $character) {
        $match = null;
        foreach ($scripts as $script) {
            if (preg_match("/\\p{{$script}}/u", $character)) {
                $match = $script;
                break;
            }
        }
        if ($match !== null) $found[$match] = true;
        elseif (preg_match('/\p{L}/u', $character)) $found['Other'] = true;
    }
    $rtl = isset($found['Hebrew']) || isset($found['Arabic']);
    $ltr = count(array_diff(array_keys($found), ['Hebrew', 'Arabic'])) > 0;
    if ($rtl && $ltr) return 'mixed';
    if (isset($found['Hiragana']) || isset($found['Katakana'])) return 'japanese';
    if (isset($found['Hangul'])) return 'korean';
    if (isset($found['Han'])) return 'chinese';
    $first = array_key_first($found);
    return $first === null ? 'common' : strtolower($first);
}

/** Nearest-rank percentile, as bench/statistics.ts. */
function percentile(array $values, float $fraction): float
{
    sort($values);
    return (float) $values[min(count($values) - 1, (int) ceil($fraction * count($values)) - 1)];
}

function summarize(array $samples, float $coldMs): array
{
    $round = fn(float $ms) => round($ms, 2);
    $ms = array_column($samples, 'ms');
    $bytes = array_column($samples, 'bytes');
    $byScript = [];
    foreach (array_unique(array_column($samples, 'script')) as $script) {
        $own = array_values(array_filter($samples, fn($s) => $s['script'] === $script));
        $byScript[$script] = [
            'median_ms' => $round(percentile(array_column($own, 'ms'), 0.5)),
            'median_bytes' => (int) percentile(array_column($own, 'bytes'), 0.5),
        ];
    }
    return [
        'count' => count($samples),
        'median_ms' => $round(percentile($ms, 0.5)),
        'p95_ms' => $round(percentile($ms, 0.95)),
        'cold_ms' => $round($coldMs),
        'median_bytes' => (int) percentile($bytes, 0.5),
        'by_script' => $byScript,
    ];
}

/** Converts GNU FreeFont's FreeSerif and FreeSans into TCPDF font files under $outDir (once). */
function prepareFonts(string $tcpdfPath, string $outDir): void
{
    require_once "$tcpdfPath/tcpdf.php";
    $source = getenv('FREEFONT_DIR') ?: '/usr/share/fonts/truetype/freefont';
    if (!is_dir($outDir) && !mkdir($outDir, 0777, true)) fail("cannot create $outDir", 1);
    foreach (['FreeSerif', 'FreeSans'] as $face) {
        if (!file_exists("$source/$face.ttf")) fail("$source/$face.ttf is missing (apt-get install fonts-freefont-ttf)", 1);
        $name = TCPDF_FONTS::addTTFfont("$source/$face.ttf", 'TrueTypeUnicode', '', 32, rtrim($outDir, '/') . '/');
        if ($name === false) fail("TCPDF could not convert $source/$face.ttf", 1);
        fwrite(STDERR, "prepared TCPDF font $name in $outDir\n");
    }
}
