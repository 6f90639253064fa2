"""The pure rules of value-added services (增值服务): the catalogue's words and who may ask
(:mod:`.catalogue`), a request's lifecycle, inputs and time limit (:mod:`.requests`) and
the figures' arithmetic (:mod:`.figures`). No database."""
