package org.exportcert.certification.pdf;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.exportcert.certification.evidence.Hashing;

/**
 * What every issued PDF says about itself. The id comes from the document's number and the dates
 * from the day it stands for, not from the clock: rendering the same document again gives the same
 * bytes, so its hash in a manifest or the evidence store still holds.
 */
public final class PdfDocuments {

  private PdfDocuments() {}

  public static void describe(PDDocument doc, String number, String title, String author, LocalDate day) {
    doc.setDocumentId(Long.parseLong(Hashing.sha256Hex(number).substring(0, 15), 16));
    PDDocumentInformation info = doc.getDocumentInformation();
    info.setTitle(title);
    info.setAuthor(author);
    info.setProducer("ExportCert");
    Calendar date = new GregorianCalendar(TimeZone.getTimeZone(ZoneOffset.UTC));
    date.setTimeInMillis(day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
    info.setCreationDate(date);
    info.setModificationDate(date);
  }
}
