/* unit-width.c - display width of UTF-8 text for tables. */
#include "out.h"
#include "tap.h"

int
main(void)
{
	is_int(gx_utf8_width(""), 0, "empty");
	is_int(gx_utf8_width("wangwei"), 7, "ASCII: one column each");
	is_int(gx_utf8_width("王伟"), 4, "CJK ideographs: two columns each");
	is_int(gx_utf8_width("地球销售精英2群"), 15, "mixed CJK and digit");
	is_int(gx_utf8_width("ＡＢ"), 4, "fullwidth Latin");
	is_int(gx_utf8_width("ｱｲ"), 2, "halfwidth katakana: one column");
	is_int(gx_utf8_width("한국"), 4, "Hangul syllables");
	is_int(gx_utf8_width("カラオケ"), 8, "katakana");
	is_int(gx_utf8_width("e\xcc\x81"), 1, "combining acute adds nothing");
	is_int(gx_utf8_width("Zoë"), 3, "precomposed Latin");
	is_int(gx_utf8_width("\xf0\x9f\x8e\x89"), 2, "emoji party popper");
	is_int(gx_utf8_width("a\tb"), 2, "control characters take no column");
	is_int(gx_utf8_width("\xe3\x80\x80"), 2, "ideographic space");
	is_int(gx_utf8_width("\xf0\xa0\x80\x80"), 2, "CJK extension B");
	is_int(gx_utf8_width("Ping An 平安"), 12, "company name");
	return done_testing();
}
