/**
 * JSON of every service: one Jackson set-up ({@link org.giggossip.http.json.CoreJson}) that maps
 * records by their components under one naming style, writes core's value types (keys, hashes,
 * ids, preimages, instants) as today, and reads untrusted bodies within fixed limits. It uses
 * {@code core}'s value types and nothing else of ours; a service adds its own encodings (the
 * node's bytes rule, the settler's base64 of signed objects) as its own module.
 */
package org.giggossip.http.json;
