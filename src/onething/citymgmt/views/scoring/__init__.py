"""The pages of 新街·吴韵 scoring: the phone page residents reach from a QR sign (and the
signed-in resident's from a street's page) with its thank-you page, the office's review
queue, the inspectors' checks and the months."""
