#pragma once

// The values of workbook cells as text for the core: numbers as the XML
// writes them ("7296", "15.6", "1.5E-3") made plain decimal digits, written so
// that the import's number style reads them back exactly, and date serials
// (days counted by Excel from 1900 or 1904) made ISO dates. Pure functions.

#include <string>
#include <string_view>

namespace campaign_xlsx {

// Returns the number of an XML numeric cell ("7296", "-15.60", "1.5E-3") in
// plain decimal digits: no exponent, no leading or trailing zeros, '.' before
// the decimals ("7296", "-15.6", "0.0015"). Throws std::invalid_argument for
// text that is not a number, or a number with more than 400 digits.
std::string plain_number(std::string_view xml_number);

// Returns a plain_number() written so that the core reads the same number in
// the import's number style (lower case, or "" when none is declared): "vi"
// gets ',' before the decimals ("15,6"), "en" keeps '.', and without a style
// a number whose two readings would differ ("1.234" is 1234 in Vietnamese)
// gets a trailing zero that settles it ("1.2340"). Integers are digits alone
// in every style.
std::string number_for_style(const std::string& plain, std::string_view style);

// Returns the ISO date ("2023-08-11") of an Excel date serial: a day count
// from 1899-12-31 in the 1900 system, with day 60 the 29 February 1900 that
// Excel counts and the calendar never had, or from 1904-01-01 in the 1904
// system. A time of day (the fraction) is dropped. Throws
// std::invalid_argument for text that is not a number, a serial before the
// first day, day 60 of the 1900 system, and days after 9999-12-31.
std::string serial_to_date(std::string_view xml_number, bool date1904);

} // namespace campaign_xlsx
