/**
 * The fixed wording of a certificate in the languages sites ask for most. Kept deliberately small: a language
 * not listed gets English wording, while its date is still formatted in the recipient's own language.
 */

/** The phrases printed around the recipient's data. */
export interface CertificateLabels {
  title: string;
  /** Precedes the recipient's name. */
  certifies: string;
  /** Between the name and the course. */
  completed: string;
  /** Precedes the issue date. */
  issuedOn: string;
  verificationCode: string;
}

const LABELS = {
  en: {
    title: 'Certificate of Completion',
    certifies: 'This certifies that',
    completed: 'has successfully completed',
    issuedOn: 'Issued on',
    verificationCode: 'Verification code',
  },
  fr: {
    title: 'Certificat de réussite',
    certifies: 'Ce certificat atteste que',
    completed: 'a suivi avec succès le cours',
    issuedOn: 'Délivré le',
    verificationCode: 'Code de vérification',
  },
  de: {
    title: 'Abschlusszertifikat',
    certifies: 'Hiermit wird bestätigt, dass',
    completed: 'erfolgreich abgeschlossen hat:',
    issuedOn: 'Ausgestellt am',
    verificationCode: 'Prüfcode',
  },
  es: {
    title: 'Certificado de finalización',
    certifies: 'Se certifica que',
    completed: 'ha completado con éxito',
    issuedOn: 'Expedido el',
    verificationCode: 'Código de verificación',
  },
  ru: {
    title: 'Сертификат об окончании',
    certifies: 'Настоящим подтверждается, что',
    completed: 'успешно завершил(а) курс',
    issuedOn: 'Выдан',
    verificationCode: 'Код проверки',
  },
  el: {
    title: 'Πιστοποιητικό ολοκλήρωσης',
    certifies: 'Βεβαιώνεται ότι',
    completed: 'ολοκλήρωσε με επιτυχία το μάθημα',
    issuedOn: 'Εκδόθηκε στις',
    verificationCode: 'Κωδικός επαλήθευσης',
  },
  ar: {
    title: 'شهادة إتمام',
    certifies: 'تشهد هذه الشهادة بأنّ',
    completed: 'قد أتمّ بنجاح المقرر',
    issuedOn: 'صدرت في',
    verificationCode: 'رمز التحقق',
  },
  fa: {
    title: 'گواهی پایان دوره',
    certifies: 'بدین‌وسیله گواهی می‌شود که',
    completed: 'این دوره را با موفقیت به پایان رسانده است',
    issuedOn: 'صادر شده در',
    verificationCode: 'کد تأیید',
  },
  he: {
    title: 'תעודת סיום',
    certifies: 'הרינו לאשר כי',
    completed: 'סיים/ה בהצלחה את הקורס',
    issuedOn: 'הונפקה בתאריך',
    verificationCode: 'קוד אימות',
  },
  ur: {
    title: 'سندِ تکمیل',
    certifies: 'تصدیق کی جاتی ہے کہ',
    completed: 'نے کامیابی سے یہ کورس مکمل کیا',
    issuedOn: 'تاریخ اجرا',
    verificationCode: 'تصدیقی کوڈ',
  },
} as const satisfies Record<string, CertificateLabels>;

/**
 * The wording for a BCP 47 locale (as from `resolveLocale`): matched on its language alone, so `fr-CA` reads
 * French; English when the language has no entry.
 */
export function pickCertificateLabels(locale: string): CertificateLabels {
  const language = new Intl.Locale(locale).language;
  return Object.hasOwn(LABELS, language) ? LABELS[language as keyof typeof LABELS] : LABELS.en;
}

/** Whether the locale's language has its own wording (and so its own "Issued on"). */
export function hasCertificateLabels(locale: string): boolean {
  return Object.hasOwn(LABELS, new Intl.Locale(locale).language);
}

/** Languages written right to left: their certificates read, align and mirror that way. */
const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);

/** Whether the locale's language is written right to left (its page layout is mirrored). */
export function isRightToLeft(locale: string): boolean {
  return RIGHT_TO_LEFT.has(new Intl.Locale(locale).language);
}
