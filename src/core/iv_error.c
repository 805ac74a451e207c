/*
 * iv_error.c - formatting of error messages (see iv_error.h).
 */
#include "iv_error.h"

#include <stdarg.h>
#include <stdio.h>

void iv_error_set(struct iv_error *err, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
}

void iv_error_clear(struct iv_error *err)
{
	if (err)
		err->message[0] = '\0';
}
